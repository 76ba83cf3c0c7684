package dev.clerkusers.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Counts what a sync step does, for its progress and its summary. Not thread-safe: one
 * per run.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API (see
 * {@code docs/versioning.md}).
 */
public final class SyncCounter {

	private static final Log logger = LogFactory.getLog(SyncCounter.class);

	private static final int MAX_FAILURES = 20;

	private final String step;

	private final boolean dryRun;

	private final Clock clock;

	private final Instant start;

	private Duration elapsed = Duration.ZERO;

	private @Nullable Instant resumed;

	private long processed;

	private long created;

	private long linked;

	private long updated;

	private long unchanged;

	private long deactivated;

	private long failed;

	private int pages;

	private int apiCalls;

	private final List<String> failures = new ArrayList<>();

	/**
	 * Starts counting.
	 * @param step what is synced
	 * @param dryRun whether nothing is changed
	 * @param clock the clock
	 */
	public SyncCounter(String step, boolean dryRun, Clock clock) {
		this.step = step;
		this.dryRun = dryRun;
		this.clock = clock;
		this.start = clock.instant();
		this.resumed = this.start;
	}

	/**
	 * Stops the clock of the step while other steps run: a step prepared waits for the
	 * others before it applies its deactivations.
	 */
	public void pause() {
		if (this.resumed != null) {
			this.elapsed = this.elapsed.plus(Duration.between(this.resumed, this.clock.instant()));
			this.resumed = null;
		}
	}

	/** Starts the clock of the step again after {@link #pause()}. */
	public void resume() {
		if (this.resumed == null) {
			this.resumed = this.clock.instant();
		}
	}

	/** Counts a page listed, and the API call that listed it. */
	public void page() {
		this.pages++;
		this.apiCalls++;
	}

	/** Counts an API call that listed no page. */
	public void apiCall() {
		this.apiCalls++;
	}

	/** Counts an object listed. */
	public void processed() {
		this.processed++;
	}

	/** Counts a row created. */
	public void created() {
		this.created++;
	}

	/**
	 * Counts a stored account a Clerk user took: a local account linked, or a deleted
	 * user's account taken over.
	 */
	public void linked() {
		this.linked++;
	}

	/** Counts a row updated. */
	public void updated() {
		this.updated++;
	}

	/** Counts an object that changed nothing. */
	public void unchanged() {
		this.unchanged++;
	}

	/**
	 * Counts rows deactivated by reconciliation.
	 * @param count how many
	 */
	public void deactivated(long count) {
		this.deactivated += count;
	}

	/**
	 * Counts an object that could not be stored, and logs it as a warning; the summary
	 * lists the first 20.
	 * @param what which object, and why
	 */
	public void failed(String what) {
		logger.warn("Sync of " + this.step + (this.dryRun ? " (dry run)" : "") + ": failed " + what);
		this.failed++;
		if (this.failures.size() < MAX_FAILURES) {
			this.failures.add(what);
		}
	}

	/**
	 * When counting started.
	 * @return the start
	 */
	public Instant start() {
		return this.start;
	}

	/**
	 * The summary so far.
	 * @return the summary
	 */
	public SyncSummary summary() {
		return new SyncSummary(this.step, this.processed, this.created, this.linked, this.updated, this.unchanged,
				this.deactivated, this.failed, this.pages, this.apiCalls, elapsed(), this.failures, this.dryRun);
	}

	private Duration elapsed() {
		return (this.resumed != null) ? this.elapsed.plus(Duration.between(this.resumed, this.clock.instant()))
				: this.elapsed;
	}

}
