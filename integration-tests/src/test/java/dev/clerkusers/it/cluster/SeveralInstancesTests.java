package dev.clerkusers.it.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.clerkusers.actuate.ClerkInvalidationHealthIndicator;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.organizations.OrganizationCache;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.clerkusers.it.cluster.Instances.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one database, as in production behind a load balancer:
 * webhooks reach instance A, users' requests reach instance B, and every change A stores
 * takes effect on B within a second although B's caches keep entries for five minutes. A
 * third instance with {@code clerk.cache.invalidation=none} shows the window that closes.
 */
@TestInstance(Lifecycle.PER_CLASS)
class SeveralInstancesTests {

	/** The bound within which a change on A takes effect on B. */
	private static final Duration BOUND = Duration.ofSeconds(1);

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	private static final Instant T2 = T1.plusSeconds(60);

	private Instances instances;

	private FakeClerkBackend clerk;

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	private ConfigurableApplicationContext withoutInvalidation;

	@BeforeAll
	void start() {
		this.instances = new Instances();
		this.clerk = this.instances.clerk();
		this.a = this.instances.start();
		this.b = this.instances.start();
		this.withoutInvalidation = this.instances.start("clerk.cache.invalidation=none");
	}

	@AfterAll
	void stop() {
		this.instances.close();
	}

	@Test
	void aBanOnOneInstanceIsRefusedOnTheOtherWithinASecond() {
		this.clerk.addUser(ClerkData.user("user_ban").email("ban@example.com").updatedAt(T1));
		String token = "Bearer " + this.clerk.tokens().token("user_ban");
		assertThat(status(this.b, "/api/me", token)).as("the first sign-in stores the user and caches it")
			.isEqualTo(200);
		assertThat(status(this.withoutInvalidation, "/api/me", token)).isEqualTo(200);
		assertThat(this.b.getBean(ClerkUserCache.class).getIfPresent("user_ban")).as("cached on B").isPresent();

		deliverToA(ClerkEvents
			.userUpdated(ClerkData.user("user_ban").email("ban@example.com").banned(true).updatedAt(T2)));

		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> status(this.b, "/api/me", token) == 401);
		assertThat(status(this.withoutInvalidation, "/api/me", token))
			.as("without invalidation, the cached copy is served until its time to live ends")
			.isEqualTo(200);
	}

	@Test
	void aDeletionOnOneInstanceIsRefusedOnTheOtherWithinASecond() {
		this.clerk.addUser(ClerkData.user("user_gone").email("gone@example.com").updatedAt(T1));
		String token = "Bearer " + this.clerk.tokens().token("user_gone");
		assertThat(status(this.b, "/api/me", token)).isEqualTo(200);

		deliverToA(ClerkEvents.userDeleted("user_gone"));

		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> status(this.b, "/api/me", token) == 401);
	}

	@Test
	void aMembershipRemovedOnOneInstanceNoLongerSelectsOnTheOtherWithinASecond() {
		ClerkOrganizationBuilder acme = ClerkData.organization("org_cluster").name("Cluster", "cluster").updatedAt(T1);
		this.clerk.addUser(ClerkData.user("user_member").email("member@example.com").updatedAt(T1));
		deliverToA(ClerkEvents.organizationCreated(acme));
		deliverToA(ClerkEvents
			.membershipCreated(ClerkData.membership("orgmem_cluster", acme, "user_member").updatedAt(T1)));
		String token = "Bearer " + this.clerk.tokens().token("user_member");
		// Cached on B once the evictions of A's own writes have reached it: one that
		// arrives after B's first selection empties the entry, as it should.
		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
			assertThat(selectedOrganization(this.b, token)).isEqualTo("org_cluster");
			assertThat(this.b.getBean(OrganizationCache.class).memberships().getIfPresent("user_member"))
				.as("cached on B")
				.isPresent();
		});

		deliverToA(ClerkEvents
			.membershipDeleted(ClerkData.membership("orgmem_cluster", acme, "user_member").updatedAt(T2)));

		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> selectedOrganization(this.b, token) == null);
	}

	/**
	 * Black-box run 247 (F1): a membership cached on B carries its user, and kept the
	 * user's state from before a ban received by A.
	 */
	@Test
	void aBanOnOneInstanceReachesTheMembershipsCachedOnTheOtherWithinASecond() {
		ClerkOrganizationBuilder carried = ClerkData.organization("org_carried")
			.name("Carried", "carried")
			.updatedAt(T1);
		deliverToA(ClerkEvents.userCreated(ClerkData.user("user_carried").email("carried@example.com").updatedAt(T1)));
		deliverToA(ClerkEvents.organizationCreated(carried));
		deliverToA(ClerkEvents
			.membershipCreated(ClerkData.membership("orgmem_carried", carried, "user_carried").updatedAt(T1)));
		OrganizationService organizationsOfB = this.b.getBean(OrganizationService.class);
		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
			assertThat(organizationsOfB.findActiveMembershipCached("org_carried", "user_carried")).isPresent();
			assertThat(this.b.getBean(OrganizationCache.class).memberships().getIfPresent("user_carried"))
				.as("cached on B")
				.isPresent();
		});

		deliverToA(ClerkEvents
			.userUpdated(ClerkData.user("user_carried").email("carried@example.com").banned(true).updatedAt(T2)));

		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !organizationsOfB.findActiveMembershipCached("org_carried", "user_carried")
				.orElseThrow()
				.getUser()
				.isActive());
	}

	@Test
	void aSessionEndedOnOneInstanceEndsTheSignInOnTheOtherWithinASecond() {
		this.clerk.addUser(ClerkData.user("user_session").email("session@example.com").updatedAt(T1));
		HttpTestClient browser = HttpTestClient.browser(Instances.port(this.b));
		String sessionId = browser
			.get("/api/me", "Authorization",
					"Bearer " + this.clerk.tokens().session("user_session").sessionId("sess_cluster").sign())
			.json()
			.path("sessionId")
			.asString();
		assertThat(sessionId).isEqualTo("sess_cluster");
		assertThat(browser.get("/api/me").status()).as("kept in B's HTTP session, and known not ended").isEqualTo(200);

		deliverToA(ClerkEvents.sessionEnded(ClerkData.session("sess_cluster", "user_session")));

		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> browser.get("/api/me").status() == 401);
	}

	@Test
	void anInstanceAppliesTheOthersEvictionsAndLeavesItsOwnToItsLocalEviction() {
		this.clerk.addUser(ClerkData.user("user_origin").email("origin@example.com").updatedAt(T1));
		assertThat(status(this.a, "/api/me", "Bearer " + this.clerk.tokens().token("user_origin"))).isEqualTo(200);
		ClerkUserCache cacheOfA = this.a.getBean(ClerkUserCache.class);
		ClerkUserCache cacheOfB = this.b.getBean(ClerkUserCache.class);
		ClerkUser user = this.a.getBean(ClerkUserService.class).findCachedByClerkId("user_origin").orElseThrow();
		cacheOfA.put("user_origin", user);
		cacheOfB.put("user_origin", user);
		PostgresCacheInvalidation listenerOfA = this.a.getBean(PostgresCacheInvalidation.class);
		PostgresCacheInvalidation listenerOfB = this.b.getBean(PostgresCacheInvalidation.class);
		long receivedByA = listenerOfA.getReceived();
		long receivedByB = listenerOfB.getReceived();

		// Sent as A's own write sends it, without A's local eviction: A evicts its own
		// copy itself after the commit, and must not evict again a copy cached since.
		listenerOfA.publish(ClerkUserCache.NAME, List.of("user_origin"));
		// Then one of B's, which A receives after its own (notifications arrive in the
		// order their transactions commit): once it has evicted A's marker, A has read
		// both.
		cacheOfA.put("user_marker", user);
		listenerOfB.publish(ClerkUserCache.NAME, List.of("user_marker"));

		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> cacheOfA.getIfPresent("user_marker").isEmpty()
					&& cacheOfB.getIfPresent("user_origin").isEmpty());
		assertThat(cacheOfA.getIfPresent("user_origin")).as("left to A's own eviction").isPresent();
		// Black-box run 183 F1: health's received counted an instance's own
		// notifications too, so a lone writer looked like a busy cluster.
		assertThat(listenerOfA.getReceived()).as("B's notification only").isEqualTo(receivedByA + 1);
		assertThat(listenerOfB.getReceived()).as("A's notification at least").isGreaterThan(receivedByB);
	}

	@Test
	void aListenerThatLosesItsConnectionComesBackAndEmptiesTheCachesItServes() {
		this.clerk.addUser(ClerkData.user("user_reconnect").email("reconnect@example.com").updatedAt(T1));
		String token = "Bearer " + this.clerk.tokens().token("user_reconnect");
		assertThat(status(this.b, "/api/me", token)).isEqualTo(200);
		PostgresCacheInvalidation listenerOfB = this.b.getBean(PostgresCacheInvalidation.class);
		PostgresCacheInvalidation listenerOfA = this.a.getBean(PostgresCacheInvalidation.class);
		Instant connectedSince = listenerOfB.getConnectedSince();
		assertThat(listenerOfB.isConnected()).isTrue();

		int terminated = this.admin()
			.queryForObject(
					"select count(pg_terminate_backend(pid)) from pg_stat_activity"
							+ " where application_name = ? and datname = current_database()",
					Integer.class, PostgresCacheInvalidation.APPLICATION_NAME);
		assertThat(terminated).as("the listening connections of A and B").isEqualTo(2);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> listenerOfB.isConnected() && !connectedSince.equals(listenerOfB.getConnectedSince())
					&& listenerOfA.isConnected());
		assertThat(listenerOfB.getLastError()).isNotNull();
		// Black-box run 193: health kept the error beside UP, read as a current failure.
		Health health = new ClerkInvalidationHealthIndicator(listenerOfB).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).as("lastError says why it is DOWN; connectedSince says it reconnected")
			.doesNotContainKey("lastError");
		assertThat(this.b.getBean(ClerkUserCache.class).getIfPresent("user_reconnect"))
			.as("notifications may have been missed while disconnected")
			.isEmpty();

		assertThat(status(this.b, "/api/me", token)).isEqualTo(200);
		deliverToA(ClerkEvents
			.userUpdated(ClerkData.user("user_reconnect").email("reconnect@example.com").banned(true).updatedAt(T2)));
		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> status(this.b, "/api/me", token) == 401);
	}

	private static String selectedOrganization(ConfigurableApplicationContext instance, String authorization) {
		JsonNode selected = HttpTestClient.api(Instances.port(instance))
			.get("/api/organizations/current", "Authorization", authorization, "X-Organization-Id", "org_cluster")
			.json()
			.path("organizationId");
		return selected.isNull() ? null : selected.asString();
	}

	private void deliverToA(ClerkEvent event) {
		this.instances.deliver(this.a, event);
	}

	private JdbcTemplate admin() {
		return this.instances.admin();
	}

}
