package dev.clerkusers.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.clerkusers.mirror.Outages;
import dev.clerkusers.user.EndedSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes webhook events that are done (processed or ignored), and records of ended Clerk
 * sessions, older than the retention, in batches and on one instance at a time, on a
 * schedule of its own (a daemon thread; it does not need the application to enable
 * scheduling). A failed event is kept until it is processed. A redelivery of an event
 * still kept is a duplicate; keep events at least as long as Svix retries (about 27
 * hours) — the default is 30 days.
 */
public class ClerkWebhookRetention implements SmartLifecycle {

	/** How many events one statement deletes at most. */
	static final int BATCH_SIZE = 1000;

	/**
	 * How long Svix retries a delivery, about 27 hours, with a margin: a retention
	 * shorter than this forgets events that may still be delivered again.
	 */
	static final Duration SVIX_RETRIES = Duration.ofHours(28);

	/** How long a stop waits for a turn under way to end its current batch. */
	static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(ClerkWebhookRetention.class);

	private final ClerkWebhookInbox inbox;

	private final EndedSessions endedSessions;

	private final Duration retention;

	private final Duration interval;

	private final Clock clock;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates the cleanup.
	 * @param inbox the inbox
	 * @param endedSessions the ended sessions
	 * @param retention how long events are kept
	 * @param interval how often old events are deleted
	 * @param clock the clock
	 */
	public ClerkWebhookRetention(ClerkWebhookInbox inbox, EndedSessions endedSessions, Duration retention,
			Duration interval, Clock clock) {
		this.inbox = inbox;
		this.endedSessions = endedSessions;
		this.retention = retention;
		if (retention.compareTo(SVIX_RETRIES) < 0) {
			logger.warn("clerk.webhook.retention=" + retention + " is shorter than Svix's retries (about 27 hours):"
					+ " a redelivery of an event deleted by then, after an answer lost on the way, is processed as"
					+ " new, and a creation or deletion it brings is announced again. Keep events at least "
					+ SVIX_RETRIES.toHours() + " hours.");
		}
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Deletes what is older than the retention now.
	 * @return how many events were deleted
	 */
	public int cleanUp() {
		Instant before = this.clock.instant().minus(this.retention);
		Deleted deleted = this.inbox.inRetentionTurn(() -> {
			int events = this.inbox.deleteDoneBefore(before, BATCH_SIZE);
			// A turn that the stop interrupted leaves the rest for the next turn.
			int endedSessions = Thread.currentThread().isInterrupted() ? 0
					: this.endedSessions.deleteRecordedBefore(before, BATCH_SIZE);
			return new Deleted(events, endedSessions);
		}).orElse(Deleted.NONE);
		if (deleted.events() + deleted.endedSessions() > 0) {
			logger.info("Deleted " + deleted.events() + " webhook event(s) and " + deleted.endedSessions()
					+ " ended-session record(s) older than " + this.retention);
		}
		return deleted.events();
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "clerk-webhook-retention");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, this.interval.toMillis());
		scheduler.scheduleWithFixedDelay(() -> {
			try {
				cleanUp();
			}
			catch (RuntimeException ex) {
				if (Outages.isInterruption(ex)) {
					// The application stopping, while the turn waited for a connection.
					logger.debug("The webhook retention's turn was stopped: " + ex.getMessage());
				}
				else {
					logger.warn("Could not delete old webhook events: " + ex.getMessage());
				}
			}
		}, period, period, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	/**
	 * Stops the schedule; a turn under way stops after its current batch, and is waited
	 * for (at most {@link #STOP_WAIT}), so that the application's connection pool is not
	 * closed under it.
	 */
	@Override
	public synchronized void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			return;
		}
		this.scheduler = null;
		scheduler.shutdownNow();
		try {
			if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("The webhook retention's turn did not end within " + STOP_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * What one turn of the retention deleted.
	 */
	private record Deleted(int events, int endedSessions) {

		static final Deleted NONE = new Deleted(0, 0);

	}

}
