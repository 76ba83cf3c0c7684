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

	/**
	 * Creates the sync.
	 * @param steps the steps, in order
	 */
	public ClerkSync(List<ClerkSyncStep> steps) {
		this.steps = List.copyOf(steps);
	}

	/**
	 * Runs every step.
	 * @param options how to run
	 * @param progress told after each page
	 * @return the report
	 */
	public SyncReport sync(SyncOptions options, SyncProgress progress) {
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
