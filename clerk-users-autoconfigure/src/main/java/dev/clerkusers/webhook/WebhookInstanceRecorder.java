package dev.clerkusers.webhook;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.clerkusers.mirror.ClerkInstanceRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records the Clerk instance the stored data comes from ({@code clerk_instance}) from the
 * {@code instance_id} of the first verified delivery, when no sync or push recorded one
 * before, so that a secret key of another instance is refused also on data that webhooks
 * alone stored. It runs in the delivery's transaction, one statement while no instance is
 * known, and none once this process knows it.
 * <p>
 * A delivery that names another instance than the recorded one is processed all the same
 * (its signature proves that it was sent to this endpoint), and the first such delivery
 * logs a warning.
 */
public class WebhookInstanceRecorder {

	private static final Log logger = LogFactory.getLog(WebhookInstanceRecorder.class);

	private static final int MAX_LENGTH = 255;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private volatile @Nullable String known;

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Creates the recorder.
	 * @param jdbc the database of the stored data
	 * @param clock the clock
	 */
	public WebhookInstanceRecorder(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the event's instance when none is recorded, in the current transaction.
	 * Costs nothing when the event names the instance known, or names none.
	 * @param event a verified event
	 */
	public void record(ClerkWebhookEvent event) {
		String instance = event.instanceId();
		String known = this.known;
		if (instance == null || instance.equals(known) || !instance.startsWith("ins_") || instance.length() > MAX_LENGTH
				|| (known != null && this.warned.get())) {
			return;
		}
		String found = ClerkInstanceRecord.recordUnlessRecorded(this.jdbc, instance, this.clock.instant());
		if (found == null) {
			// Recorded by a transaction that committed while this statement ran.
			return;
		}
		if (found.equals(instance)) {
			afterCommit(() -> this.known = instance);
			return;
		}
		this.known = found;
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("Clerk webhook " + event.id() + " names the Clerk instance " + instance
					+ ", but the data stored here comes from the instance " + found + " (clerk_instance). It is"
					+ " processed, as its signature is valid for this endpoint; check which Clerk instance's endpoint"
					+ " has one of clerk.webhook.signing-secrets. This is logged once.");
		}
	}

	/**
	 * Forgets the instance this process knows, so that the next delivery reads the record
	 * again: after the {@code clerk_instance} row was deleted to start over.
	 */
	public void forget() {
		this.known = null;
		this.warned.set(false);
	}

	private static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				action.run();
			}

		});
	}

}
