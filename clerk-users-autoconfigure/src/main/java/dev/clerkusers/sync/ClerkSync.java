package dev.clerkusers.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs the {@link ClerkSyncStep}s in order: users first, then whatever other modules add.
 * Every step is prepared (listed, stored, its reconciliation checked by the guards)
 * before any step deactivates anything, so that a refusal deactivates nothing of any
 * kind.
 */
public class ClerkSync {

	private final SyncObservations observations = new SyncObservations();

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
	 * Runs every step. Each page, read and deactivation is a transaction of its own, also
	 * when the caller has one open: what the report counts is committed, whatever becomes
	 * of the caller's transaction.
	 * @param options how to run
	 * @param progress told after each page
	 * @return the report
	 * @throws SyncRefusedException when a guard refused the sync before it deactivated
	 * anything
	 * @throws SyncAbortedException when an outage of the database or of Clerk ended it
	 * @throws SyncInProgressException when another sync or push is running
	 */
	public SyncReport sync(SyncOptions options, SyncProgress progress) {
		return this.observations.observe(
				"sync", options.dryRun(), () -> (this.runLock != null)
						? this.runLock.run("sync", () -> run(options, progress)) : run(options, progress),
				SyncReport::hasFailures, ClerkSync::counts);
	}

	/**
	 * Observes each run as {@code clerk.sync} (default: no observation, at no cost).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observations.setRegistry(observationRegistry);
	}

	/**
	 * Sets the names and tags of the observations (default:
	 * {@link ClerkSyncObservationConvention}).
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(ObservationConvention<ClerkSyncObservationContext> observationConvention) {
		this.observations.setConvention(observationConvention);
	}

	private static Map<String, Long> counts(SyncReport report) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (SyncSummary summary : report.summaries()) {
			counts.merge("created", summary.created(), Long::sum);
			counts.merge("linked", summary.linked(), Long::sum);
			counts.merge("updated", summary.updated(), Long::sum);
			counts.merge("unchanged", summary.unchanged(), Long::sum);
			counts.merge("deactivated", summary.deactivated(), Long::sum);
			counts.merge("failed", summary.failed(), Long::sum);
		}
		return counts;
	}

	private SyncReport run(SyncOptions options, SyncProgress progress) {
		if (this.instanceCheck != null) {
			this.instanceCheck.verify(options.force(), options.dryRun());
		}
		List<ClerkSyncStep.Prepared> prepared = new ArrayList<>();
		for (ClerkSyncStep step : this.steps) {
			prepared.add(step.prepare(options, progress));
		}
		List<SyncSummary> summaries = new ArrayList<>();
		for (ClerkSyncStep.Prepared step : prepared) {
			summaries.addAll(step.apply());
		}
		SyncReport report = new SyncReport(summaries);
		this.lastReport = report;
		return report;
	}

	/**
	 * The report of the last sync this application completed. A sync that was refused or
	 * aborted leaves it as it was.
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
