package dev.clerkusers.sync;

import java.util.List;

/**
 * One kind of object synced from Clerk. The core syncs users; the organizations module
 * adds organizations and memberships. Steps run in their order ({@code @Order}).
 */
public interface ClerkSyncStep {

	/**
	 * What the step syncs, for reports.
	 * @return the name, for example {@code users}
	 */
	String name();

	/**
	 * Runs the step.
	 * @param options how to run
	 * @param progress told after each page
	 * @return the summaries: usually one, several for a step that syncs several kinds
	 */
	List<SyncSummary> run(SyncOptions options, SyncProgress progress);

}
