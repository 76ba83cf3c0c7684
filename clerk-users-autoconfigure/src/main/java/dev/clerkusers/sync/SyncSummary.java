package dev.clerkusers.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a sync step did (or, in a dry run, would have done).
 *
 * @param step what was synced, for example {@code users}
 * @param processed how many objects Clerk listed
 * @param created how many rows were created
 * @param linked how many stored accounts a Clerk user took: local accounts linked through
 * their verified primary email, and deleted users' accounts taken over
 * @param updated how many rows were updated
 * @param unchanged how many were not newer than what is stored, or deleted
 * @param deactivated how many local rows Clerk no longer has were deactivated by
 * reconciliation
 * @param failed how many objects could not be stored
 * @param pages how many pages were listed
 * @param apiCalls how many Backend API calls the step made, not counting the retries of a
 * call answered 429 Too Many Requests
 * @param duration how long the step took
 * @param failures the first 20 failures, for the report ({@code failed} counts them all,
 * and each is logged)
 * @param dryRun whether nothing was changed
 */
public record SyncSummary(String step, long processed, long created, long linked, long updated, long unchanged,
		long deactivated, long failed, int pages, int apiCalls, Duration duration, List<String> failures,
		boolean dryRun) {

	/**
	 * Copies the failures.
	 * @param step the step
	 * @param processed processed
	 * @param created created
	 * @param linked linked
	 * @param updated updated
	 * @param unchanged unchanged
	 * @param deactivated deactivated
	 * @param failed failed
	 * @param pages pages
	 * @param apiCalls API calls
	 * @param duration duration
	 * @param failures failures
	 * @param dryRun dry run
	 */
	public SyncSummary {
		failures = List.copyOf(failures);
	}

	/**
	 * Objects processed per second.
	 * @return the rate
	 */
	public double rate() {
		double seconds = this.duration.toNanos() / 1e9;
		return (seconds > 0) ? this.processed / seconds : 0;
	}

	/**
	 * One line for logs and consoles, the same in every locale.
	 * @return the line
	 */
	public String describe() {
		return String.format(Locale.ROOT,
				"%s%s: %d processed, %d created, %d linked, %d updated, %d unchanged, %d deactivated, %d failed "
						+ "(%d pages, %d API calls, %.1f s, %.0f/s)",
				this.step, this.dryRun ? " (dry run)" : "", this.processed, this.created, this.linked, this.updated,
				this.unchanged, this.deactivated, this.failed, this.pages, this.apiCalls, this.duration.toNanos() / 1e9,
				rate());
	}

}
