package dev.clerkusers.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.clerkusers.api.ClerkJson;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.BatchedDelete;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.mirror.PostgresText;
import dev.clerkusers.mirror.RecordHeldException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The {@code clerk_webhook_events} table: every verified delivery, keyed by its
 * {@code svix-id}. The keys make a delivery seen before a duplicate on every application
 * instance sharing the database, for as long as the row is kept; the row lock taken while
 * processing gives concurrent deliveries of one event a single effect. A delivery waits
 * for another delivery of its event at most the {@link #setLockTimeout(Duration) lock
 * timeout} ({@code lock_timeout}, set for the rest of its transaction), so that the
 * retries of an event whose handler hangs fail as transient, answered 503, instead of
 * each holding a thread and a connection for good.
 * <p>
 * Its writes take part in the caller's transaction: the {@linkplain ClerkWebhookProcessor
 * processor} runs each in one. The retention's deletes run in transactions of their own,
 * one per batch, so that they commit whatever the pool's auto-commit setting.
 */
public class ClerkWebhookInbox {

	/** The type recorded for a delivery whose body is not a Clerk event. */
	public static final String UNREADABLE = "unreadable";

	/**
	 * The advisory lock the retention of the instances sharing the database takes turns
	 * with: the first eight bytes of "clerk-webhooks".
	 */
	public static final long RETENTION_LOCK_KEY = 0x636c65726b2d7765L;

	/**
	 * Sets {@code lock_timeout} before a row is inserted or updated (its parameter comes
	 * after the values, before the conditions of an update).
	 */
	private static final String WITH_LOCK_TIMEOUT = "from (select set_config('lock_timeout', ?, true)) as timeout\n";

	private static final RowMapper<StoredWebhookEvent> STORED = (rs, row) -> new StoredWebhookEvent(
			rs.getString("svix_id"), rs.getString("event_type"), WebhookEventStatus.of(rs.getString("status")),
			rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("received_at").toInstant(),
			(rs.getTimestamp("processed_at") != null) ? rs.getTimestamp("processed_at").toInstant() : null);

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Clock clock;

	private Duration lockTimeout = AdvisoryLocks.DEFAULT_LOCK_TIMEOUT;

	private String lockTimeoutSetting = AdvisoryLocks.setting(AdvisoryLocks.DEFAULT_LOCK_TIMEOUT);

	/**
	 * Creates the inbox.
	 * @param jdbc the database
	 * @param transactions the transactions of the database, in which the retention's
	 * deletes run (joining a caller's transaction)
	 * @param clock the clock
	 */
	public ClerkWebhookInbox(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Sets how long a delivery waits for another delivery of its event (default 5 s). It
	 * stays {@code lock_timeout} for the rest of the delivery's transaction, so the
	 * handlers run under it too.
	 * @param lockTimeout the longest wait, at least 1 ms
	 */
	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeoutSetting = AdvisoryLocks.setting(lockTimeout);
		this.lockTimeout = lockTimeout;
	}

	/**
	 * Returns how long a delivery waits for another delivery of its event.
	 * @return the longest wait
	 */
	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	/**
	 * Stores an event as done, in the transaction that applies it, unless one with its id
	 * is stored already. The row is the lock: a concurrent delivery of the event waits on
	 * it until this transaction ends, then finds it stored; should this transaction roll
	 * back, nothing of the event remains.
	 * @param event the event
	 * @param status {@link WebhookEventStatus#PROCESSED} or
	 * {@link WebhookEventStatus#IGNORED}
	 * @return {@code true} when it was stored now, {@code false} when it was stored
	 * before
	 * @throws RecordHeldException keyed by the event's id, when another delivery of the
	 * event held it past the lock timeout
	 */
	public boolean storeDone(ClerkWebhookEvent event, WebhookEventStatus status) {
		Timestamp now = timestamp(this.clock.instant());
		return held(event.id(), () -> this.jdbc.update("""
				insert into clerk_webhook_events (svix_id, event_type, payload, raw_body, event_timestamp, status,
				attempts, received_at, last_attempt_at, processed_at) select ?, ?, ?::jsonb, ?, ?, ?, 1, ?, ?, ?
				""" + WITH_LOCK_TIMEOUT + """
				on conflict (svix_id) do nothing
				""", event.id(), event.type(), event.payload().toString(), rawBody(event), timestamp(event.timestamp()),
				status.getCode(), now, now, now, this.lockTimeoutSetting) == 1);
	}

	/**
	 * Records a failed attempt at an event, storing the event when it is not stored (its
	 * attempt rolled back with its row), so that it is kept, visible and reprocessable. A
	 * stored failed event is recorded as the body tried now (an intact event after an
	 * unreadable one under its id), which a reprocessing then reads. An event processed
	 * meanwhile is left as it is.
	 * @param event the event
	 * @param error what failed
	 */
	public void storeFailed(ClerkWebhookEvent event, String error) {
		Timestamp now = timestamp(this.clock.instant());
		this.jdbc.update("""
				insert into clerk_webhook_events as stored (svix_id, event_type, payload, raw_body, event_timestamp,
				status, attempts, last_error, received_at, last_attempt_at) select ?, ?, ?::jsonb, ?, ?, 'failed', 1,
				?, ?, ?
				""" + WITH_LOCK_TIMEOUT + """
				on conflict (svix_id) do update set status = 'failed', attempts = stored.attempts + 1,
				last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error,
				event_type = excluded.event_type, payload = excluded.payload, raw_body = excluded.raw_body,
				event_timestamp = excluded.event_timestamp
				where stored.status in ('received', 'failed')
				""", event.id(), event.type(), event.payload().toString(), rawBody(event), timestamp(event.timestamp()),
				error, now, now, this.lockTimeoutSetting);
	}

	/**
	 * The event as it came, when its payload had NUL characters removed to be stored as
	 * {@code jsonb}: kept beside it, so that reprocessing decides on the data the
	 * delivery decided on (an id or a role with a NUL character fails again, never
	 * applied without it).
	 * @param event the event
	 * @return the JSON bytes, or {@code null} when the payload is the event as it came
	 */
	private static byte @Nullable [] rawBody(ClerkWebhookEvent event) {
		if (event.payload().get("data") == event.data() || !(event.payload() instanceof ObjectNode envelope)) {
			return null;
		}
		ObjectNode original = envelope.deepCopy();
		original.set("data", event.data());
		return original.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Stores a verified delivery whose body is not a Clerk event, as failed, with its
	 * bytes as they came, unless one with its id is stored already.
	 * @param id the Svix message id
	 * @param body the body
	 * @param error why it is not an event
	 * @return {@code true} when it was stored now
	 * @throws RecordHeldException keyed by the id, when a delivery of the event held it
	 * past the lock timeout
	 */
	public boolean storeUnreadable(String id, byte[] body, String error) {
		Timestamp now = timestamp(this.clock.instant());
		return held(id, () -> this.jdbc.update("""
				insert into clerk_webhook_events (svix_id, event_type, raw_body, status, attempts, last_error,
				received_at, last_attempt_at) select ?, ?, ?, 'failed', 1, ?, ?, ?
				""" + WITH_LOCK_TIMEOUT + """
				on conflict (svix_id) do nothing
				""", id, UNREADABLE, body, error, now, now, this.lockTimeoutSetting) == 1);
	}

	/**
	 * Locks an event's row until the current transaction ends, waiting for another
	 * transaction that holds it at most the lock timeout (which stays
	 * {@code lock_timeout} for the rest of the transaction, as for a delivery).
	 * @param id the Svix message id
	 * @return the event's state, or empty when it is not stored
	 * @throws RecordHeldException keyed by the event's id, when another transaction held
	 * it past the lock timeout
	 */
	public Optional<WebhookEventStatus> lock(String id) {
		List<String> status = held(id, () -> this.jdbc.queryForList("""
				select status from clerk_webhook_events,
				(select set_config('lock_timeout', ?, true)) as timeout
				where svix_id = ? for update of clerk_webhook_events
				""", String.class, this.lockTimeoutSetting, id));
		return status.stream().findFirst().map(WebhookEventStatus::of);
	}

	/**
	 * Runs work on an event's row, naming the event when another writer held the row past
	 * the lock timeout: recording that failure on the row would wait as long again.
	 */
	private static <T> T held(String id, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (DataAccessException ex) {
			if (Outages.isLockNotAvailable(ex)) {
				throw new RecordHeldException(id, ex);
			}
			throw ex;
		}
	}

	/**
	 * Marks a stored event processed or ignored, counting the attempt, and records it as
	 * the event applied: a delivery again under its id may carry another body than the
	 * one stored (an intact event after an unreadable one), and the record is what was
	 * applied.
	 * @param event the event applied, as it is to be stored
	 * @param status {@link WebhookEventStatus#PROCESSED} or
	 * {@link WebhookEventStatus#IGNORED}
	 */
	public void complete(ClerkWebhookEvent event, WebhookEventStatus status) {
		Timestamp now = timestamp(this.clock.instant());
		this.jdbc.update("""
				update clerk_webhook_events set status = ?, attempts = attempts + 1, last_attempt_at = ?,
				processed_at = ?, last_error = null, event_type = ?, payload = ?::jsonb, raw_body = ?,
				event_timestamp = ? where svix_id = ?
				""", status.getCode(), now, now, event.type(), event.payload().toString(), rawBody(event),
				timestamp(event.timestamp()), event.id());
	}

	/**
	 * Records a failed attempt of an event whose effect was never applied (failed, or
	 * received); one processed or ignored since is left as it is.
	 * @param id the Svix message id
	 * @param error what failed
	 * @return {@code true} when the attempt was recorded, {@code false} when the event is
	 * done (or not stored)
	 */
	public boolean fail(String id, String error) {
		return this.jdbc.update("""
				update clerk_webhook_events set status = 'failed', attempts = attempts + 1, last_attempt_at = ?,
				last_error = ?
				""" + WITH_LOCK_TIMEOUT + """
				where svix_id = ? and status in ('received', 'failed')
				""", timestamp(this.clock.instant()), error, this.lockTimeoutSetting, id) == 1;
	}

	/**
	 * Marks an event whose effect was never applied (failed, or received) as ignored, on
	 * an operator's decision: it counts as done, leaves the backlog, and the retention
	 * deletes it in its time.
	 * @param id the Svix message id
	 * @return {@code true} when it was dismissed now
	 */
	public boolean dismiss(String id) {
		Timestamp now = timestamp(this.clock.instant());
		return this.jdbc.update("""
				update clerk_webhook_events set status = 'ignored', processed_at = ?
				""" + WITH_LOCK_TIMEOUT + """
				where svix_id = ? and status in ('received', 'failed')
				""", now, this.lockTimeoutSetting, id) == 1;
	}

	/**
	 * Reads a stored event, payload included.
	 * @param id the Svix message id
	 * @return the event, or empty
	 * @throws WebhookRejectedException when the stored body is not a Clerk event
	 */
	public Optional<ClerkWebhookEvent> load(String id) {
		if (!storable(id)) {
			return Optional.empty();
		}
		return this.jdbc
			.query("select svix_id, payload::text, raw_body from clerk_webhook_events where svix_id = ?", (rs, row) -> {
				// The body as it came when there is one: an unreadable delivery's, or an
				// event's whose stored payload had NUL characters removed.
				byte[] raw = rs.getBytes(3);
				return (raw != null) ? ClerkWebhookEvents.parse(rs.getString(1), raw)
						: ClerkWebhookEvents.parse(rs.getString(1), ClerkJson.mapper().readTree(rs.getString(2)));
			}, id)
			.stream()
			.findFirst();
	}

	/**
	 * Reads the state of a stored event.
	 * @param id the Svix message id
	 * @return the state, or empty
	 */
	public Optional<StoredWebhookEvent> find(String id) {
		if (!storable(id)) {
			return Optional.empty();
		}
		return this.jdbc.query("select * from clerk_webhook_events where svix_id = ?", STORED, id).stream().findFirst();
	}

	/**
	 * Whether an event can be stored under an id: not one with a NUL character, which
	 * PostgreSQL refuses (and an HTTP header cannot carry), such as an operator may type.
	 */
	private static boolean storable(String id) {
		return !PostgresText.hasUnstorable(id);
	}

	/**
	 * The most recently received events.
	 * @param limit how many
	 * @return the events, newest first
	 */
	public List<StoredWebhookEvent> recent(int limit) {
		return this.jdbc.query("select * from clerk_webhook_events order by received_at desc limit ?", STORED, limit);
	}

	/**
	 * The ids of the events whose effect is not applied, oldest first: those whose
	 * processing failed, and any left {@linkplain WebhookEventStatus#RECEIVED received},
	 * which a reprocessing applies alike.
	 * @return the ids
	 */
	public List<String> failedIds() {
		return this.jdbc.queryForList("select svix_id from clerk_webhook_events where status in ('received', 'failed')"
				+ " order by received_at", String.class);
	}

	/**
	 * The events whose effect is not applied: failed, or received and not processed. One
	 * query, served by a partial index however many processed events are kept.
	 * <p>
	 * Internal to clerk-users, for its health check and meters, as the type it returns:
	 * not public API (see {@code docs/versioning.md}).
	 * @return the backlog
	 */
	public WebhookBacklog backlog() {
		WebhookBacklog backlog = this.jdbc.queryForObject("select count(*) filter (where status = 'failed'),"
				+ " count(*), min(received_at) from clerk_webhook_events where status in ('received', 'failed')",
				(rs, row) -> {
					Timestamp oldest = rs.getTimestamp(3);
					return new WebhookBacklog(rs.getLong(1), rs.getLong(2),
							(oldest != null) ? oldest.toInstant() : null);
				});
		return (backlog != null) ? backlog : new WebhookBacklog(0, 0, null);
	}

	/**
	 * How many events are in each state.
	 * @return the counts
	 */
	public Map<WebhookEventStatus, Long> countByStatus() {
		Map<WebhookEventStatus, Long> counts = new EnumMap<>(WebhookEventStatus.class);
		for (WebhookEventStatus status : WebhookEventStatus.values()) {
			counts.put(status, 0L);
		}
		this.jdbc.query("select status, count(*) from clerk_webhook_events group by status",
				(org.springframework.jdbc.core.RowCallbackHandler) (rs) -> counts
					.put(WebhookEventStatus.of(rs.getString(1)), rs.getLong(2)));
		return counts;
	}

	/**
	 * Runs work on one instance at a time: instances sharing the database take turns
	 * through a PostgreSQL advisory lock ({@link #RETENTION_LOCK_KEY}), held by a
	 * transaction of its own on a connection of its own while the work runs
	 * ({@link AdvisoryLocks#inTurn}), and one that finds it taken does not run it (the
	 * other is at it).
	 * @param <T> the type of the work's result
	 * @param work the work, which uses connections of its own
	 * @return the work's result, or empty when another instance had the turn (or the work
	 * returned {@code null})
	 */
	public <T> Optional<T> inRetentionTurn(Supplier<T> work) {
		DataSource dataSource = this.jdbc.getDataSource();
		Assert.state(dataSource != null, "The inbox's JdbcTemplate has no DataSource");
		// A connection of the turn's own, never a caller's transaction's: the turn's
		// transaction is rolled back when it ends.
		try (Connection connection = dataSource.getConnection()) {
			return AdvisoryLocks.inTurn(connection, RETENTION_LOCK_KEY, () -> Optional.ofNullable(work.get()),
					Optional::empty);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not take the retention's turn", ex);
		}
	}

	/**
	 * Deletes the events received before an instant that are done (processed or ignored),
	 * in batches, each in a transaction of its own (or in the caller's). An event whose
	 * effect was never applied (failed, or received) is kept, however old, until it is
	 * processed. Run it {@link #inRetentionTurn in turn} with the other instances.
	 * @param before the instant
	 * @param batchSize how many rows one statement deletes at most
	 * @return how many were deleted
	 */
	public int deleteDoneBefore(Instant before, int batchSize) {
		return BatchedDelete.untilDone(this.transactions, batchSize, () -> this.jdbc.update("""
				delete from clerk_webhook_events where svix_id in
				(select svix_id from clerk_webhook_events where received_at < ?
				and status in ('processed', 'ignored') limit ?)
				""", timestamp(before), batchSize));
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
