package dev.clerkusers.sync;

import java.util.List;

/**
 * What a whole sync did.
 *
 * @param summaries one per kind of object, in order
 */
public record SyncReport(List<SyncSummary> summaries) {

	/**
	 * Copies the summaries.
	 * @param summaries the summaries
	 */
	public SyncReport {
		summaries = List.copyOf(summaries);
	}

	/**
	 * Whether any object failed.
	 * @return {@code true} when a summary counts failures
	 */
	public boolean hasFailures() {
		return this.summaries.stream().anyMatch((summary) -> summary.failed() > 0);
	}

	/**
	 * The summary of a step.
	 * @param step the step, for example {@code users}
	 * @return the summary
	 * @throws IllegalArgumentException when there is none
	 */
	public SyncSummary summary(String step) {
		return this.summaries.stream()
			.filter((summary) -> summary.step().equals(step))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No summary of " + step));
	}

}
