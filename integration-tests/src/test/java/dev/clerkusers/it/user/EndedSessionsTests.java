package dev.clerkusers.it.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.user.EndedSessions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EndedSessions} on two application instances that share a database.
 */
@PostgresIntegrationTest
class EndedSessionsTests {

	private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");

	@Autowired
	DataSource dataSource;

	/**
	 * Instance B reads that a session has not ended just before instance A records its
	 * ending; A's notification reaches B while B's lookup is still in flight, before B
	 * caches what it read. What B read before the ending must not outlive it.
	 */
	@Test
	void aLookupOverlappedByAnEndingOnAnotherInstanceIsNotKept() {
		Notifications notifications = new Notifications();
		EndedSessions a = endedSessions(new JdbcTemplate(this.dataSource), notifications);
		String sessionId = ClerkData.newId("sess_");
		AtomicBoolean ending = new AtomicBoolean(true);
		JdbcTemplate readThenEndOnA = new JdbcTemplate(this.dataSource) {

			@Override
			public <T> @Nullable T queryForObject(String sql, Class<T> requiredType, @Nullable Object... args) {
				T result = super.queryForObject(sql, requiredType, args);
				if (ending.getAndSet(false)) {
					a.record(sessionId, "user_race", T1);
				}
				return result;
			}

		};
		EndedSessions b = endedSessions(readThenEndOnA, notifications);
		assertThat(b.isEnded(sessionId)).as("the request itself saw the session as it was when it read").isFalse();
		assertThat(b.isEnded(sessionId)).as("the next request sees the ending").isTrue();
	}

	/**
	 * Black-box run 38 (F1): an ending recorded in a transaction that rolled back (a
	 * {@code session.ended} delivery whose other handler failed) was remembered by the
	 * instance that recorded it for a day, and its sign-ins refused, while the database
	 * and every other instance had no ending. What rolls back is not remembered.
	 */
	@Test
	void anEndingWhoseTransactionRolledBackIsNotRemembered() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		JdbcTransactionManager transactionManager = new JdbcTransactionManager(this.dataSource);
		EndedSessions endedSessions = new EndedSessions(jdbc, new TransactionTemplate(transactionManager),
				Duration.ofSeconds(30), Clock.systemUTC());
		String sessionId = ClerkData.newId("sess_");
		new TransactionTemplate(transactionManager).executeWithoutResult((status) -> {
			endedSessions.record(sessionId, "user_rolled_back", T1);
			status.setRollbackOnly();
		});
		assertThat(endedSessions.isEnded(sessionId)).isFalse();
		endedSessions.record(sessionId, "user_rolled_back", T1);
		assertThat(endedSessions.isEnded(sessionId)).as("recorded and committed").isTrue();
	}

	private static EndedSessions endedSessions(JdbcTemplate jdbc, Notifications notifications) {
		EndedSessions endedSessions = new EndedSessions(jdbc,
				new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource())), Duration.ofSeconds(30),
				Clock.systemUTC());
		endedSessions.setInvalidation(notifications.instance());
		return endedSessions;
	}

	/**
	 * Carries each instance's evictions to the others at once, as PostgreSQL does when
	 * the statement that publishes them commits: these tests write outside transactions.
	 */
	private static final class Notifications {

		private final List<Consumer<String>> evictors = new CopyOnWriteArrayList<>();

		CacheInvalidation instance() {
			List<Consumer<String>> own = new CopyOnWriteArrayList<>();
			return new CacheInvalidation() {

				@Override
				public void publish(String cache, Collection<String> keys) {
					Notifications.this.evictors.stream()
						.filter((evictor) -> !own.contains(evictor))
						.forEach(keys::forEach);
				}

				@Override
				public void register(String cache, Consumer<String> evictor, Runnable clear) {
					own.add(evictor);
					Notifications.this.evictors.add(evictor);
				}

			};
		}

	}

}
