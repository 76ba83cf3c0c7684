package dev.clerkusers.sync;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Runs the {@link ClerkSyncStep}s in order: users first, then whatever other modules add.
 */
public class ClerkSync {

	private final List<ClerkSyncStep> steps;

	private volatile @Nullable SyncReport lastReport;

	private @Nullable ClerkInstanceCheck instanceCheck;

	private @Nullable SyncRunLock runLock;

	/**
	 * Creates the sync.
	 * @param steps the steps, in order
	 */
	public ClerkSync(List<ClerkSyncStep> steps) {
		this.steps = List.copyOf(steps);
	}

	/**
	 * Sets the check that the secret key belongs to the instance the stored data comes
	 * from, run before every sync.
	 * @param instanceCheck the check
	 */
	public void setInstanceCheck(ClerkInstanceCheck instanceCheck) {
		this.instanceCheck = instanceCheck;
	}

	/**
	 * Sets the lock that allows one sync or push at a time on every instance.
	 * @param runLock the lock
	 */
	public void setRunLock(SyncRunLock runLock) {
		this.runLock = runLock;
	}

	/**
	 * Runs every step.
	 * @param options how to run
	 * @param progress told after each page
	 * @return the report
	 * @throws SyncRefusedException when a guard refused the sync before it changed
	 * anything
	 * @throws SyncAbortedException when an outage of the database or of Clerk ended it
	 * @throws SyncInProgressException when another sync or push is running
	 */
	public SyncReport sync(SyncOptions options, SyncProgress progress) {
		return (this.runLock != null) ? this.runLock.run("sync", () -> run(options, progress)) : run(options, progress);
	}

	private SyncReport run(SyncOptions options, SyncProgress progress) {
		if (this.instanceCheck != null) {
			this.instanceCheck.verify(options.force(), options.dryRun());
		}
		List<SyncSummary> summaries = new ArrayList<>();
		for (ClerkSyncStep step : this.steps) {
			summaries.addAll(step.run(options, progress));
		}
		SyncReport report = new SyncReport(summaries);
		this.lastReport = report;
		return report;
	}

	/**
	 * The report of the last sync run by this application.
	 * @return the report, or {@code null} before the first
	 */
	public @Nullable SyncReport lastReport() {
		return this.lastReport;
	}

	/**
	 * The steps.
	 * @return the steps, in order
	 */
	public List<ClerkSyncStep> steps() {
		return this.steps;
	}

}
