package dev.clerkusers.sync;

import java.util.List;

/**
 * One kind of object synced from Clerk. The core syncs users; the organizations module
 * adds organizations and memberships. Steps run in their order ({@code @Order}).
 * <p>
 * {@link ClerkSync} runs the steps in two phases, so that reconcile's guards of every
 * step are checked before any step deactivates anything: first it
 * {@linkplain #prepare(SyncOptions, SyncProgress) prepares} each step in order, then it
 * {@linkplain Prepared#apply() applies} each prepared step in the same order. Preparing
 * lists and stores what Clerk has and, with reconciliation, finds what would be
 * deactivated and checks the guards, throwing {@link SyncRefusedException} when one
 * refuses; applying deactivates. A step that deactivates overrides {@code prepare} so.
 * One that does not (the default) runs whole while it is prepared: its deactivations are
 * not held back until the guards of the steps after it have been checked.
 */
public interface ClerkSyncStep {

	/**
	 * What the step syncs, for reports.
	 * @return the name, for example {@code users}
	 */
	String name();

	/**
	 * Runs the step whole. A step that overrides
	 * {@link #prepare(SyncOptions, SyncProgress)} returns
	 * {@code prepare(options, progress).apply()}.
	 * @param options how to run
	 * @param progress told after each page
	 * @return the summaries: usually one, several for a step that syncs several kinds
	 */
	List<SyncSummary> run(SyncOptions options, SyncProgress progress);

	/**
	 * Runs the step up to its deactivations: lists and stores, and with reconciliation
	 * finds what would be deactivated and checks reconcile's guards, deactivating
	 * nothing. The default runs the whole step ({@link #run(SyncOptions, SyncProgress)})
	 * and leaves nothing to apply.
	 * @param options how to run
	 * @param progress told after each page
	 * @return what is left to do: the deactivations
	 * @throws SyncRefusedException when a guard refuses the deactivations
	 */
	default Prepared prepare(SyncOptions options, SyncProgress progress) {
		List<SyncSummary> summaries = run(options, progress);
		return () -> summaries;
	}

	/**
	 * A step prepared: what is left is to deactivate what reconcile found gone.
	 */
	@FunctionalInterface
	interface Prepared {

		/**
		 * Deactivates what the preparation found gone, and stores what its confirmation
		 * found still in Clerk (in transactions rolled back in a dry run).
		 * @return the summaries of the step: usually one, several for a step that syncs
		 * several kinds
		 */
		List<SyncSummary> apply();

	}

}
