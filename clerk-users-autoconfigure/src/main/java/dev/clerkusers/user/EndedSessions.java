package dev.clerkusers.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clerkusers.mirror.BatchedDelete;
import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.mirror.MirrorCache;
import dev.clerkusers.mirror.PostgresText;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Clerk sessions that ended, as Clerk's {@code session.ended},
 * {@code session.removed} and {@code session.revoked} webhooks report them, so that a
 * Clerk sign-in kept in an HTTP session ends with its Clerk session.
 * <p>
 * An ending is stored in {@code clerk_ended_sessions}, so every application instance sees
 * it. Lookups are cached: an ended session is remembered for good, a session not (yet)
 * ended for a short time, so the instance that received the webhook sees the ending at
 * once and the others within that time. A lookup that an ending overlaps is not cached,
 * as {@link MirrorCache} does not keep a load that an eviction overlaps, and an ending is
 * remembered only once the transaction that recorded it has committed.
 */
public class EndedSessions {

	/** The name of its cache, for invalidation across instances. */
	public static final String CACHE_NAME = "ended-sessions";

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final Cache<String, Boolean> ended;

	private final MirrorCache<Boolean> notEnded;

	/**
	 * Creates the registry.
	 * @param jdbc the database
	 * @param transactions the transactions of the database, in which its writes run
	 * (joining a caller's transaction)
	 * @param notEndedTtl how long a lookup that found no ending is trusted
	 * @param clock the clock
	 */
	public EndedSessions(JdbcTemplate jdbc, TransactionOperations transactions, Duration notEndedTtl, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.ended = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(1)).build();
		this.notEnded = new MirrorCache<>(CACHE_NAME,
				Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(notEndedTtl).build());
	}

	/**
	 * Records that a Clerk session ended, in the caller's transaction or one of its own.
	 * Recording it again keeps the first record.
	 * @param sessionId the Clerk session id
	 * @param clerkUserId the Clerk user id, if known
	 * @param endedAt when it ended
	 */
	public void record(String sessionId, @Nullable String clerkUserId, Instant endedAt) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("""
					insert into clerk_ended_sessions (session_id, clerk_user_id, ended_at, recorded_at)
					values (?, ?, ?, ?) on conflict (session_id) do nothing
					""", sessionId, clerkUserId, Timestamp.from(endedAt), Timestamp.from(this.clock.instant()));
			rememberEnded(sessionId);
			this.notEnded.evict(sessionId);
		});
	}

	/**
	 * Remembers an ending once what says so has committed: an ending written in a
	 * transaction that then rolls back (a delivery whose other handler failed) must not
	 * end sign-ins on this instance alone.
	 */
	private void rememberEnded(String sessionId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.ended.put(sessionId, Boolean.TRUE);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				EndedSessions.this.ended.put(sessionId, Boolean.TRUE);
			}

		});
	}

	/**
	 * Tells the other instances sharing the database of the sessions recorded here, and
	 * listens to theirs: without it another instance trusts its "not ended" answer for up
	 * to 30 seconds.
	 * @param invalidation the invalidation across instances
	 */
	public void setInvalidation(CacheInvalidation invalidation) {
		this.notEnded.setInvalidation(invalidation);
	}

	/**
	 * Whether a Clerk session ended.
	 * @param sessionId the Clerk session id
	 * @return {@code true} when an ending was recorded; never for an id no row can hold
	 * (one with a NUL character, which PostgreSQL cannot store)
	 * @throws org.springframework.dao.DataAccessException when the database cannot tell:
	 * a caller fails closed
	 */
	public boolean isEnded(String sessionId) {
		if (PostgresText.hasUnstorable(sessionId)) {
			return false;
		}
		if (this.ended.getIfPresent(sessionId) != null) {
			return true;
		}
		return this.notEnded.get(sessionId, this::notEndedInDatabase).isEmpty();
	}

	private @Nullable Boolean notEndedInDatabase(String sessionId) {
		Boolean found = this.jdbc.queryForObject(
				"select exists (select 1 from clerk_ended_sessions where session_id = ?)", Boolean.class, sessionId);
		if (Boolean.TRUE.equals(found)) {
			rememberEnded(sessionId);
			return null;
		}
		return Boolean.TRUE;
	}

	/**
	 * Deletes records of sessions that ended before a time, in batches, each in a
	 * transaction of its own (or in the caller's).
	 * @param before the time
	 * @param batchSize how many records one statement deletes at most
	 * @return how many records were deleted
	 */
	public int deleteRecordedBefore(Instant before, int batchSize) {
		return BatchedDelete.untilDone(this.transactions, batchSize, () -> this.jdbc.update("""
				delete from clerk_ended_sessions where session_id in
				(select session_id from clerk_ended_sessions where recorded_at < ? limit ?)
				""", Timestamp.from(before), batchSize));
	}

}
