package dev.clerkusers.it.cluster;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.webhook.ClerkWebhookRetention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.clerkusers.it.cluster.Instances.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances whose pool hands out connections with auto-commit off
 * ({@code spring.datasource.hikari.auto-commit=false}, a common tuning for Hibernate): a
 * pool rolls back what a connection did outside a transaction when it gets it back, so
 * every write of the library must be in a transaction that commits. What the tests read,
 * they read through a connection of their own, outside the application's pool.
 */
@TestInstance(Lifecycle.PER_CLASS)
class AutoCommitOffTests {

	/** The bound within which a change on A takes effect on B. */
	private static final Duration BOUND = Duration.ofSeconds(1);

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	private static final Instant T2 = T1.plusSeconds(60);

	private Instances instances;

	private FakeClerkBackend clerk;

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeAll
	void startTwoInstances() {
		this.instances = new Instances();
		this.clerk = this.instances.clerk();
		this.a = this.instances.start("spring.datasource.hikari.auto-commit=false");
		this.b = this.instances.start("spring.datasource.hikari.auto-commit=false");
	}

	@AfterAll
	void stop() {
		this.instances.close();
	}

	@Test
	void theApplicationsPoolHandsOutConnectionsWithAutoCommitOff() throws Exception {
		try (Connection connection = this.a.getBean(DataSource.class).getConnection()) {
			assertThat(connection.getAutoCommit()).isFalse();
		}
	}

	@Test
	void aFirstSignInAndAWebhookAreStored() {
		this.clerk.addUser(ClerkData.user("user_first").email("first@example.com").updatedAt(T1));
		assertThat(status(this.b, "/api/me", "Bearer " + this.clerk.tokens().token("user_first"))).isEqualTo(200);
		ClerkEvent created = ClerkEvents.userCreated(ClerkData.user("user_hook").email("hook@example.com"));
		deliverToA(created);

		assertThat(admin().queryForList(
				"select clerk_id from clerk_users where clerk_id in ('user_first', 'user_hook')", String.class))
			.containsExactlyInAnyOrder("user_first", "user_hook");
		assertThat(admin().queryForObject("select status from clerk_webhook_events where svix_id = ?", String.class,
				created.messageId()))
			.isEqualTo("processed");
	}

	@Test
	void aBanOnOneInstanceIsRefusedOnTheOtherWithinASecond() {
		this.clerk.addUser(ClerkData.user("user_ban").email("ban@example.com").updatedAt(T1));
		String token = "Bearer " + this.clerk.tokens().token("user_ban");
		assertThat(status(this.b, "/api/me", token)).isEqualTo(200);

		deliverToA(ClerkEvents
			.userUpdated(ClerkData.user("user_ban").email("ban@example.com").banned(true).updatedAt(T2)));

		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> status(this.b, "/api/me", token) == 401);
	}

	@Test
	void anEvictionOutsideATransactionReachesTheOtherInstance() {
		this.clerk.addUser(ClerkData.user("user_evict").email("evict@example.com").updatedAt(T1));
		assertThat(status(this.b, "/api/me", "Bearer " + this.clerk.tokens().token("user_evict"))).isEqualTo(200);
		ClerkUserCache cacheOfB = this.b.getBean(ClerkUserCache.class);
		ClerkUser user = this.b.getBean(ClerkUserService.class).findCachedByClerkId("user_evict").orElseThrow();
		cacheOfB.put("user_evict", user);

		this.a.getBean(ClerkUserCache.class).evict("user_evict");

		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> cacheOfB.getIfPresent("user_evict").isEmpty());
	}

	/**
	 * Rolled back, each batch was deleted again, for ever: a bound on the wait, on a
	 * thread of its own (a loop of statements does not stop when interrupted), so that
	 * the test fails instead.
	 */
	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void theRetentionDeletesOldEventsAndEndedSessions() {
		admin().update("""
				insert into clerk_webhook_events (svix_id, event_type, payload, status, received_at)
				select 'msg_autocommit_' || n, 'user.updated', '{}'::jsonb, 'processed', now() - interval '40 days'
				from generate_series(1, 1500) n
				""");
		admin().update("""
				insert into clerk_ended_sessions (session_id, ended_at, recorded_at)
				select 'sess_autocommit_' || n, now() - interval '40 days', now() - interval '40 days'
				from generate_series(1, 1200) n
				""");

		assertThat(this.a.getBean(ClerkWebhookRetention.class).cleanUp()).isEqualTo(1500);

		assertThat(admin().queryForObject(
				"select count(*) from clerk_webhook_events where svix_id like 'msg_autocommit_%'", Long.class))
			.isZero();
		assertThat(admin().queryForObject(
				"select count(*) from clerk_ended_sessions where session_id like 'sess_autocommit_%'", Long.class))
			.isZero();
	}

	@Test
	void aSessionEndedOnOneInstanceIsRecorded() {
		deliverToA(ClerkEvents.sessionEnded(ClerkData.session("sess_autocommit", "user_session")));

		assertThat(admin().queryForObject("select count(*) from clerk_ended_sessions where session_id = ?", Long.class,
				"sess_autocommit"))
			.isOne();
	}

	@Test
	void aSyncRecordsTheClerkInstanceItSyncedWith() {
		this.clerk.addUser(ClerkData.user("user_synced").email("synced@example.com").updatedAt(T1));
		admin().update("delete from clerk_instance");

		this.a.getBean(ClerkSync.class).sync(SyncOptions.all(), (soFar) -> {
		});

		assertThat(
				admin().queryForList("select clerk_id from clerk_users where clerk_id = 'user_synced'", String.class))
			.hasSize(1);
		assertThat(admin().queryForList("select instance_id from clerk_instance", String.class))
			.containsExactly(this.clerk.tokens().keyId());
	}

	private void deliverToA(ClerkEvent event) {
		this.instances.deliver(this.a, event);
	}

	private JdbcTemplate admin() {
		return this.instances.admin();
	}

}
