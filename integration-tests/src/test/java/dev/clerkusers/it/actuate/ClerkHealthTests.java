package dev.clerkusers.it.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import dev.clerkusers.actuate.ClerkWebhooksHealthIndicator;
import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code clerk} health contributor reports the keys, the webhook inbox and the
 * invalidation listener from what the application holds, without calling Clerk.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "clerk.jwks.unknown-key-refetch-interval=0s", "clerk.health.webhooks.max-unprocessed-age=1h" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
class ClerkHealthTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	HealthContributorRegistry registry;

	@Autowired
	ClerkWebhookInbox inbox;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void keysAreUnknownUntilATokenNeedsThemDownWhileAColdStartCannotFetchThemAndUpOnceHeld() {
		this.clerk.addUser(ClerkData.user("user_health").email("health@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_health");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(health("keys").getStatus()).isEqualTo(Status.UNKNOWN);
		int calls = this.clerk.requests().size();

		this.clerk.setUnavailable(true);
		assertThat(api.get("/api/me", "Authorization", token).status()).isEqualTo(503);
		Health down = health("keys");
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("keys", 0).containsKeys("lastFailureAt", "lastFailure");

		this.clerk.setUnavailable(false);
		assertThat(api.get("/api/me", "Authorization", token).status()).isEqualTo(200);
		int callsBeforeChecks = this.clerk.requests().size();
		Health up = health("keys");
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails()).containsEntry("keys", 1)
			.containsKeys("fetchedAt", "age")
			.doesNotContainKeys("lastFailureAt", "lastFailure");
		health("webhooks");
		health("invalidation");
		assertThat(this.clerk.requests()).as("health checks never call Clerk").hasSize(callsBeforeChecks);
		assertThat(callsBeforeChecks).isGreaterThan(calls);
	}

	@Test
	void webhooksAreDownWhileAnUnprocessedEventIsOlderThanTheThreshold() {
		assertThat(health("webhooks").getStatus()).isEqualTo(Status.UP);
		this.inbox.storeUnreadable("msg_health_old", "not json".getBytes(StandardCharsets.UTF_8), "not an event");
		Health fresh = health("webhooks");
		assertThat(fresh.getStatus()).as("younger than the default hour").isEqualTo(Status.UP);
		assertThat(fresh.getDetails()).containsEntry("failed", 1L)
			.containsEntry("unprocessed", 1L)
			.containsKeys("oldestUnprocessedAt", "oldestUnprocessedAge");

		this.jdbc.update("update clerk_webhook_events set received_at = received_at - interval '2 hours'"
				+ " where svix_id = 'msg_health_old'");
		Health late = health("webhooks");
		assertThat(late.getStatus()).isEqualTo(Status.DOWN);
		assertThat(late.getDetails()).containsEntry("threshold", "PT1H");
		assertThat(new ClerkWebhooksHealthIndicator(this.inbox, Duration.ofMinutes(30), new Status("LATE"),
				Clock.systemUTC())
			.health()
			.getStatus()).as("a custom status").isEqualTo(new Status("LATE"));
		assertThat(new ClerkWebhooksHealthIndicator(this.inbox, Duration.ofHours(3), Status.DOWN, Clock.systemUTC())
			.health()
			.getStatus()).as("under a longer threshold").isEqualTo(Status.UP);

		this.jdbc.update("update clerk_webhook_events set status = 'processed' where svix_id = 'msg_health_old'");
		Health cleared = health("webhooks");
		assertThat(cleared.getStatus()).isEqualTo(Status.UP);
		assertThat(cleared.getDetails()).containsEntry("unprocessed", 0L).doesNotContainKey("oldestUnprocessedAt");
	}

	/**
	 * The listener listens before the application serves, and counts as connected once it
	 * has heard its own check through the pool, a moment later.
	 */
	@Test
	void theInvalidationListenerIsUpWhileConnected() {
		Health health = await().atMost(Duration.ofSeconds(10))
			.until(() -> health("invalidation"), (checked) -> checked.getStatus().equals(Status.UP));
		assertThat(health.getDetails()).containsEntry("connected", true).containsKey("connectedSince");
	}

	private Health health(String name) {
		CompositeHealthContributor clerk = (CompositeHealthContributor) this.registry.getContributor("clerk");
		assertThat(clerk).as("the clerk contributor").isNotNull();
		HealthIndicator indicator = (HealthIndicator) clerk.getContributor(name);
		assertThat(indicator).as("the clerk." + name + " indicator").isNotNull();
		return indicator.health();
	}

}
