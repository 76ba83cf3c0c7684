package dev.clerkusers.it.security;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.DatabaseSwitch;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's database stops under a running application with the library's default
 * filter chain: a client sees a server problem to retry, 503 with {@code Retry-After},
 * never a 401 that would sign its user out; a user already cached is still served; and
 * everything recovers when the database is back, without a restart. The pool waits 1 s
 * for a connection here, not the library's default 3 s
 * ({@code ClerkEnvironmentPostProcessorTests} checks that): the outage makes it wait four
 * times.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.hikari.connection-timeout=1000")
@ClerkTestDatabase
@AutoConfigureFakeClerk
class DatabaseOutageTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	HikariDataSource dataSource;

	@AfterEach
	void databaseIsBack() {
		new DatabaseSwitch(this.dataSource).start();
	}

	@Test
	void anOutageAnswers503AndTheApplicationRecovers() {
		this.clerk.addUser(ClerkData.user("user_cached").email("cached@example.com"));
		this.clerk.addUser(ClerkData.user("user_new").email("new@example.com"));
		String cached = "Bearer " + this.clerk.tokens().token("user_cached");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/api/me", "Authorization", cached).status()).isEqualTo(200);
		assertThat(api.get("/api/me", "Authorization", cached).status()).isEqualTo(200);
		new DatabaseSwitch(this.dataSource).stop();

		Response newUser = api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_new"));
		assertThat(newUser.status()).isEqualTo(503);
		assertThat(newUser.header("Retry-After")).isNotBlank();
		assertThat(newUser.json().path("reason").asString()).isEqualTo("database-unavailable");
		assertThat(newUser.body()).doesNotContain("SQL").doesNotContain("Exception");

		assertThat(api.get("/api/me", "Authorization", cached).status()).as("a cached user is still served")
			.isEqualTo(200);

		Delivery webhook = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_hook").email("hook@example.com")));
		assertThat(webhook.status()).as("Svix delivers it again").isEqualTo(503);

		new DatabaseSwitch(this.dataSource).start();
		// The pool still holds the connections the outage ended: each is found broken on
		// its first use and replaced, so recovery takes at most one request per pooled
		// connection, without a restart.
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i <= this.dataSource.getMaximumPoolSize() && !statuses.contains(200); i++) {
			statuses
				.add(api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_new")).status());
		}
		assertThat(statuses).as("recovered without a restart")
			.endsWith(200)
			.allMatch((status) -> status == 200 || status == 503);
	}

	@Test
	void anErrorOfTheApplicationIsAServerErrorNotASignOut() {
		this.clerk.addUser(ClerkData.user("user_boom").email("boom@example.com"));
		Response boom = HttpTestClient.api(this.port)
			.get("/api/boom", "Authorization", "Bearer " + this.clerk.tokens().token("user_boom"));
		assertThat(boom.status()).as("the error dispatch reaches the error handler").isEqualTo(500);
	}

}
