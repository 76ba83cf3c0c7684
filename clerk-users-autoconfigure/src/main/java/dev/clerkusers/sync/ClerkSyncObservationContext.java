package dev.clerkusers.sync;

import java.util.Map;

import io.micrometer.observation.Observation;

/**
 * What an observation of a sync or push run knows: the operation, whether it is a dry
 * run, and once done, its outcome and how many records ended each way.
 */
public class ClerkSyncObservationContext extends Observation.Context {

	private final String operation;

	private final boolean dryRun;

	private String outcome = "unknown";

	private Map<String, Long> counts = Map.of();

	/**
	 * Creates a context.
	 * @param operation {@code sync} or {@code push}
	 * @param dryRun whether nothing is changed
	 */
	public ClerkSyncObservationContext(String operation, boolean dryRun) {
		this.operation = operation;
		this.dryRun = dryRun;
	}

	/**
	 * The operation.
	 * @return {@code sync} or {@code push}
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Whether nothing is changed.
	 * @return whether it is a dry run
	 */
	public boolean isDryRun() {
		return this.dryRun;
	}

	/**
	 * How the run ended: {@code completed}, {@code completed-with-failures},
	 * {@code refused} (a guard), {@code aborted} (an outage), {@code in-progress}
	 * (another run held the lock) or {@code error}; {@code unknown} while it runs (the
	 * {@code clerk.sync.active} long-task timer's tag).
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * How many records ended each way, by result: for a sync {@code created},
	 * {@code updated}, {@code unchanged}, {@code deactivated} and {@code failed}; for a
	 * push {@code created}, {@code linked}, {@code conflicts} and {@code failed}.
	 * @return the counts, empty until the run completed
	 */
	public Map<String, Long> getCounts() {
		return this.counts;
	}

	void completed(boolean withFailures, Map<String, Long> counts) {
		this.outcome = withFailures ? "completed-with-failures" : "completed";
		this.counts = Map.copyOf(counts);
	}

	void ended(String outcome) {
		this.outcome = outcome;
	}

}
