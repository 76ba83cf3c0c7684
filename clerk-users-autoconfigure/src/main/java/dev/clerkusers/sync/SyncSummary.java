package dev.clerkusers.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;

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
	 * A builder of a summary: for a sync step of the application's own
	 * ({@link ClerkSyncStep}), which sets what it counts and leaves the rest zero. A
	 * summary is built so, not with its constructor, which gains a component when the
	 * library counts one more thing.
	 * @param step what was synced, for example {@code invoices}
	 * @return the builder
	 */
	public static Builder builder(String step) {
		return new Builder(step);
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

	/**
	 * Builds a {@link SyncSummary}; every count starts at zero, the duration at zero, the
	 * failures empty, and {@code dryRun} false.
	 */
	public static final class Builder {

		private static final int MAX_FAILURES = 20;

		private final String step;

		private long processed;

		private long created;

		private long linked;

		private long updated;

		private long unchanged;

		private long deactivated;

		private long failed;

		private int pages;

		private int apiCalls;

		private Duration duration = Duration.ZERO;

		private List<String> failures = List.of();

		private boolean dryRun;

		private Builder(String step) {
			Assert.hasText(step, "step must not be empty");
			this.step = step;
		}

		/**
		 * Sets how many objects Clerk listed.
		 * @param processed the count
		 * @return this builder
		 */
		public Builder processed(long processed) {
			this.processed = processed;
			return this;
		}

		/**
		 * Sets how many rows were created.
		 * @param created the count
		 * @return this builder
		 */
		public Builder created(long created) {
			this.created = created;
			return this;
		}

		/**
		 * Sets how many stored accounts a Clerk user took.
		 * @param linked the count
		 * @return this builder
		 */
		public Builder linked(long linked) {
			this.linked = linked;
			return this;
		}

		/**
		 * Sets how many rows were updated.
		 * @param updated the count
		 * @return this builder
		 */
		public Builder updated(long updated) {
			this.updated = updated;
			return this;
		}

		/**
		 * Sets how many were not newer than what is stored, or deleted.
		 * @param unchanged the count
		 * @return this builder
		 */
		public Builder unchanged(long unchanged) {
			this.unchanged = unchanged;
			return this;
		}

		/**
		 * Sets how many local rows Clerk no longer has were deactivated.
		 * @param deactivated the count
		 * @return this builder
		 */
		public Builder deactivated(long deactivated) {
			this.deactivated = deactivated;
			return this;
		}

		/**
		 * Sets how many objects could not be stored.
		 * @param failed the count
		 * @return this builder
		 */
		public Builder failed(long failed) {
			this.failed = failed;
			return this;
		}

		/**
		 * Sets how many pages were listed.
		 * @param pages the count
		 * @return this builder
		 */
		public Builder pages(int pages) {
			this.pages = pages;
			return this;
		}

		/**
		 * Sets how many Backend API calls the step made.
		 * @param apiCalls the count
		 * @return this builder
		 */
		public Builder apiCalls(int apiCalls) {
			this.apiCalls = apiCalls;
			return this;
		}

		/**
		 * Sets how long the step took.
		 * @param duration the duration
		 * @return this builder
		 */
		public Builder duration(Duration duration) {
			Assert.notNull(duration, "duration must not be null");
			this.duration = duration;
			return this;
		}

		/**
		 * Sets the failures to report, one line each: the summary keeps the first 20
		 * ({@link #failed(long)} counts them all).
		 * @param failures the failures, none of them {@code null}
		 * @return this builder
		 */
		public Builder failures(List<String> failures) {
			Assert.notNull(failures, "failures must not be null");
			this.failures = failures;
			return this;
		}

		/**
		 * Sets whether nothing was changed: a dry run ({@link SyncOptions#dryRun()}).
		 * @param dryRun whether it was a dry run
		 * @return this builder
		 */
		public Builder dryRun(boolean dryRun) {
			this.dryRun = dryRun;
			return this;
		}

		/**
		 * Builds the summary.
		 * @return the summary
		 */
		public SyncSummary build() {
			List<String> reported = (this.failures.size() > MAX_FAILURES) ? this.failures.subList(0, MAX_FAILURES)
					: this.failures;
			return new SyncSummary(this.step, this.processed, this.created, this.linked, this.updated, this.unchanged,
					this.deactivated, this.failed, this.pages, this.apiCalls, this.duration, reported, this.dryRun);
		}

	}

}
