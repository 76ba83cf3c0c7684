package dev.clerkusers.it.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncRefusedException;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.webhook.WebhookInstanceRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Clerk instance of data stored by webhooks alone: the first delivery records it, so
 * that a secret key of another instance is refused although no sync or push ran before.
 */
@WebhookApplicationTest
class WebhookInstanceTests {

	private static final Instant T1 = Instant.parse("2026-04-01T10:00:00Z");

	private static final Instant T2 = Instant.parse("2026-04-01T11:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JdbcConnectionDetails database;

	@Autowired
	WebhookInstanceRecorder recorder;

	@Autowired
	ApplicationContext context;

	ClerkWebhookClient production;

	@BeforeEach
	void reset() {
		Tables.empty(this.context);
		this.clerk.reset();
		this.production = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk").from(this.clerk);
	}

	/**
	 * A production database filled by webhooks alone, then a sync with a development key:
	 * refused, and nothing stored changes. Without the record, the development user's
	 * newer data would take the production user's address.
	 */
	@Test
	void aSyncWithAKeyOfAnotherInstanceIsRefusedWhenOnlyWebhooksStoredTheData() {
		this.production
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_prod").email("shared@example.com").updatedAt(T1)));
		this.production
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_prod_2").email("second@example.com").updatedAt(T1)));
		List<Map<String, Object>> stored = users();
		assertThat(stored).hasSize(2);
		try (FakeClerkBackend development = FakeClerkBackend.start()) {
			development.addUser(ClerkData.user("user_dev").email("shared@example.com").updatedAt(T2));
			try (ConfigurableApplicationContext application = applicationWith(development)) {
				assertThatExceptionOfType(SyncRefusedException.class)
					.isThrownBy(() -> application.getBean(ClerkSync.class).sync(SyncOptions.all(), (soFar) -> {
					}))
					.withMessageContaining(this.clerk.tokens().keyId())
					.withMessageContaining(development.tokens().keyId());
			}
		}
		assertThat(users()).as("no row and no email changed").isEqualTo(stored);
		assertThat(this.jdbc.queryForObject("select instance_id from clerk_instance", String.class))
			.isEqualTo(this.clerk.tokens().keyId());
	}

	/**
	 * In a test, the kit's fake of the context is the instance that the kit's deliveries
	 * name by default: a test that delivers without {@code from(clerk)}, or with MockMvc,
	 * and then syncs is not refused.
	 */
	@Test
	void theKitsDefaultDeliveriesComeFromTheFakeOfTheContext() {
		ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_default").email("default@example.com")));
		this.clerk.addUser(ClerkData.user("user_default").email("default@example.com"));
		assertThat(this.context.getBean(ClerkSync.class).sync(SyncOptions.all(), (soFar) -> {
		}).summaries()).isNotEmpty();
		assertThat(this.jdbc.queryForObject("select instance_id from clerk_instance", String.class))
			.isEqualTo(ClerkEvent.DEFAULT_INSTANCE_ID);
	}

	/**
	 * A delivery signed with the endpoint's secret is authentic, whichever instance it
	 * names: it is processed, the recorded instance stays, and a warning says it once.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aDeliveryOfAnotherInstanceIsProcessedWithAWarningOnce(CapturedOutput output) {
		this.production.deliver(ClerkEvents.userCreated(ClerkData.user("user_prod").email("prod@example.com")));
		for (int i = 0; i < 2; i++) {
			this.production
				.deliver(ClerkEvents.userCreated(ClerkData.user("user_other_" + i).email("other" + i + "@example.com"))
					.instanceId("ins_other"));
		}
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select instance_id from clerk_instance", String.class))
			.isEqualTo(this.clerk.tokens().keyId());
		assertThat(output.toString().split("names the Clerk instance ins_other", -1)).hasSize(2);
	}

	/**
	 * Once the application knows the recorded instance, a delivery of that instance costs
	 * no statement: it does not even see that the row was deleted, until the application
	 * forgets what it knew (as a restart does).
	 */
	@Test
	void aDeliveryOfTheKnownInstanceCostsNoStatement() {
		this.production.deliver(ClerkEvents.userCreated(ClerkData.user("user_first").email("first@example.com")));
		this.jdbc.update("delete from clerk_instance");
		this.production.deliver(ClerkEvents.userCreated(ClerkData.user("user_next").email("next@example.com")));
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_instance", Long.class)).isZero();
		this.recorder.forget();
		this.production.deliver(ClerkEvents.userCreated(ClerkData.user("user_later").email("later@example.com")));
		assertThat(this.jdbc.queryForObject("select instance_id from clerk_instance", String.class))
			.isEqualTo(this.clerk.tokens().keyId());
	}

	private List<Map<String, Object>> users() {
		return this.jdbc.queryForList("select * from clerk_users order by id");
	}

	/**
	 * The application again, on the same database, with the secret key of another
	 * instance: as an operator runs a sync with the wrong key.
	 */
	private ConfigurableApplicationContext applicationWith(FakeClerkBackend other) {
		List<String> arguments = new ArrayList<>();
		for (Map.Entry<String, Object> property : FakeClerkProperties.of(other).entrySet()) {
			arguments.add("--" + property.getKey() + "=" + property.getValue());
		}
		arguments.add("--spring.datasource.url=" + this.database.getJdbcUrl());
		arguments.add("--spring.datasource.username=" + this.database.getUsername());
		if (this.database.getPassword() != null) {
			arguments.add("--spring.datasource.password=" + this.database.getPassword());
		}
		arguments.add("--spring.main.web-application-type=none");
		return new SpringApplicationBuilder(TestApplication.class).run(arguments.toArray(String[]::new));
	}

}
