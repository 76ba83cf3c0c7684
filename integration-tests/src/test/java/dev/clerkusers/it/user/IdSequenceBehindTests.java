package dev.clerkusers.it.user;

import javax.sql.DataSource;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows copied in (from django-clerk-users, say) without moving the id sequence past them:
 * a new user's row takes an id a copied row has. Black-box run 189: the clash was
 * reported as a conflict "on unknown", and only in Hibernate's warning; it names the id
 * and the sequence, in an error, and nothing copied is lost.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@ExtendWith(OutputCaptureExtension.class)
class IdSequenceBehindTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	DataSource dataSource;

	@Test
	void aNewUsersRowThatTakesACopiedIdNamesTheSequence(CapturedOutput output) {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update("""
				insert into clerk_users (id, uid, email, created_at, updated_at)
				select g, gen_random_uuid(), 'copied-' || g || '@example.com', now(), now()
				from generate_series(1, 200) g
				""");
		this.clerk.addUser(ClerkData.user("user_after_copy").email("after-copy@example.com"));
		HttpTestClient.Response first = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_after_copy"));
		assertThat(first.status()).isEqualTo(503);
		assertThat(output).contains("ERROR").contains("clerk_users_id_seq");
		ClerkEvent created = ClerkEvents
			.userCreated(ClerkData.user("user_after_copy_2").email("after-copy-2@example.com"));
		ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk").from(this.clerk).deliver(created);
		assertThat(jdbc.queryForObject("select last_error from clerk_webhook_events where svix_id = ?", String.class,
				created.messageId()))
			.contains("on id")
			.contains("clerk_users_id_seq");
		assertThat(jdbc.queryForObject("select count(*) from clerk_users where email like 'copied-%'", Integer.class))
			.isEqualTo(200);
	}

}
