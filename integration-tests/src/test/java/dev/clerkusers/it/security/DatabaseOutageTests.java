package dev.clerkusers.it.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.database.TestDatabaseOutage;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		properties = { "spring.datasource.hikari.connection-timeout=1000", "clerk.session-cookie.enabled=true",
				"management.endpoints.web.exposure.include=clerkwebhooks" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
class DatabaseOutageTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	PostgresCacheInvalidation invalidation;

	/** When the cache listener connected, as the test began. */
	@Nullable Instant listeningSince;

	@BeforeEach
	void listening() {
		this.listeningSince = this.invalidation.getConnectedSince();
	}

	@AfterEach
	void databaseIsBack() {
		TestDatabaseOutage.of(this.dataSource).end();
		// An outage ended the cache listener's connection too: it reconnects after a
		// backoff and then empties the caches, which must happen here, not in the middle
		// of the next test.
		if (!this.invalidation.isConnected()
				|| !Objects.equals(this.listeningSince, this.invalidation.getConnectedSince())) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.invalidation.isConnected()
						&& !Objects.equals(this.listeningSince, this.invalidation.getConnectedSince()));
		}
		// Leaves no connection the outage ended to the next test: each is found on use,
		// and replaced.
		Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		JdbcTemplate probe = new JdbcTemplate(this.dataSource);
		for (int i = 0; i <= this.dataSource.getMaximumPoolSize(); i++) {
			try {
				probe.queryForObject("select 1", Integer.class);
			}
			catch (DataAccessException replaced) {
				// a broken connection, evicted by the pool
			}
		}
	}

	/**
	 * A signed delivery whose body is not a Clerk event is kept as failed; when it cannot
	 * be kept, it is answered 503 as any delivery during an outage, so that Svix delivers
	 * it again, not with a plain 500.
	 */
	@Test
	void aDeliveryThatIsNoEventIsAnswered503WhileItCannotBeKept() {
		String body = "not json";
		TestDatabaseOutage.of(this.dataSource).begin();
		ClerkWebhookClient.Delivery delivery = ClerkWebhookClient
			.to("http://localhost:" + this.port + "/webhooks/clerk")
			.post(body, ClerkWebhookSigner.test().sign(body));
		assertThat(delivery.status()).isEqualTo(503);
		assertThat(delivery.body()).contains("\"status\":\"retry\"");
	}

	/**
	 * A delivery during an outage waits for a connection once: when the pool could not
	 * lend one for the event's transaction, it is not asked again to record the failure
	 * (which would wait as long again), so the answer comes within one connection
	 * timeout.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aDeliveryDuringAnOutageWaitsForAConnectionOnce(CapturedOutput output) {
		TestDatabaseOutage.of(this.dataSource).begin();
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_once").email("once@example.com"));
		Delivery webhook = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk").deliver(event);
		assertThat(webhook.status()).isEqualTo(503);
		assertThat(output).contains("Processing Clerk webhook " + event.messageId())
			.doesNotContain("Could not record Clerk webhook " + event.messageId());
		assertThat(output.getAll().lines().filter((line) -> line.contains("webhook " + event.messageId())))
			.as("black-box run 62: the log said the error was stored while nothing could be")
			.singleElement(as(InstanceOfAssertFactories.STRING))
			.contains("Clerk will deliver it again")
			.contains("nothing is stored")
			.doesNotContain("the error is stored with the event");
	}

	/**
	 * The webhook inbox's operations, which an operator reaches for when deliveries fail,
	 * answer an outage 503 {@code unavailable}, as sync and push answer it, never a bare
	 * 500.
	 */
	@Test
	void theWebhookInboxOperationsAreAnswered503DuringAnOutage() {
		this.clerk.addUser(ClerkData.user("user_operator").email("operator@example.com"));
		ClerkUser operator = this.synchronizer
			.upsertFromClerk(Resources.user(ClerkData.user("user_operator").email("operator@example.com").toJsonNode()))
			.requiredValue();
		this.accounts.setRoles(operator.getUid(), true, true);
		String token = "Bearer " + this.clerk.tokens().token("user_operator");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/actuator/clerkwebhooks", "Authorization", token).status()).isEqualTo(200);
		TestDatabaseOutage.of(this.dataSource).begin();
		List<Response> answers = List.of(api.get("/actuator/clerkwebhooks", "Authorization", token),
				api.send("POST", "/actuator/clerkwebhooks", "{}", "Authorization", token, "Content-Type",
						"application/json"),
				api.send("POST", "/actuator/clerkwebhooks", "{\"id\": \"msg_1\"}", "Authorization", token,
						"Content-Type", "application/json"),
				api.send("DELETE", "/actuator/clerkwebhooks/msg_1", null, "Authorization", token));
		for (Response answer : answers) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(503);
			assertThat(answer.json().path("status").asString()).isEqualTo("unavailable");
			assertThat(answer.json().path("message").asString()).as("the database's words, not the library's SQL")
				.doesNotContainIgnoringCase("clerk_webhook_events")
				.doesNotContain("SQL [");
		}
	}

	@Test
	void aUserSeenOnceIsServedFromTheCacheDuringAnOutage() {
		this.clerk.addUser(ClerkData.user("user_once").email("once@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_once");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/api/me", "Authorization", token).status()).as("the first sight").isEqualTo(200);
		TestDatabaseOutage.of(this.dataSource).begin();
		Response during = api.get("/api/me", "Authorization", token);
		assertThat(during.status()).isEqualTo(200);
		assertThat(during.json().path("email").asString()).isEqualTo("once@example.com");
	}

	/**
	 * The same for a user created from its token while Clerk could not be reached
	 * (pending): cached too, and served while the database is down, also when the
	 * completion of its profile, now that Clerk answers, cannot be stored.
	 */
	@Test
	void aPendingUserSeenOnceIsServedFromTheCacheDuringAnOutage() {
		HttpTestClient api = HttpTestClient.api(this.port);
		this.clerk.addUser(ClerkData.user("user_warm").email("warm@example.com"));
		assertThat(api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_warm")).status())
			.as("the keys fetched")
			.isEqualTo(200);
		this.clerk.addUser(ClerkData.user("user_pending").email("pending@example.com"));
		String token = "Bearer " + this.clerk.tokens().token("user_pending");
		this.clerk.setUnavailable(true);
		Response first = api.get("/api/me", "Authorization", token);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("syncPending").asBoolean()).isTrue();
		this.clerk.setUnavailable(false);
		TestDatabaseOutage.of(this.dataSource).begin();
		Response during = api.get("/api/me", "Authorization", token);
		assertThat(during.status()).isEqualTo(200);
		assertThat(during.json().path("clerkId").asString()).isEqualTo("user_pending");
	}

	@Test
	void anOutageAnswers503AndTheApplicationRecovers() {
		this.clerk.addUser(ClerkData.user("user_cached").email("cached@example.com"));
		this.clerk.addUser(ClerkData.user("user_new").email("new@example.com"));
		String cached = "Bearer " + this.clerk.tokens().token("user_cached");
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/api/me", "Authorization", cached).status()).isEqualTo(200);
		assertThat(api.get("/api/me", "Authorization", cached).status()).isEqualTo(200);
		TestDatabaseOutage.of(this.dataSource).begin();

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

		TestDatabaseOutage.of(this.dataSource).end();
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

	/**
	 * A form-login sign-in is read against the users table on every request: while that
	 * cannot be done it is neither kept nor ended, the request is answered 503 to retry
	 * (not sent to the login page as if its user had signed out), also beside the expired
	 * {@code __session} cookie of an idle tab, and it holds again once the database is
	 * back.
	 */
	@Test
	void aFormLoginSessionIsAnswered503WhileItsUserCannotBeReadAndHoldsAfterwards() {
		this.accounts.createSuperuser("outage@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("outage@example.com", "staff-password-1");
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		TestDatabaseOutage.of(this.dataSource).begin();

		Response during = browser.get("/api/me");
		assertThat(during.status()).isEqualTo(503);
		assertThat(during.header("Retry-After")).isNotBlank();
		assertThat(during.json().path("reason").asString()).isEqualTo("database-unavailable");
		String expired = this.clerk.tokens().session("user_idle_tab").expired().sign();
		Response besideAStaleCookie = browser.get("/api/me", "Cookie", "__session=" + expired);
		assertThat(besideAStaleCookie.status()).as("an idle tab's expired cookie is no token").isEqualTo(503);
		assertThat(besideAStaleCookie.json().path("reason").asString()).isEqualTo("database-unavailable");

		TestDatabaseOutage.of(this.dataSource).end();
		// The connections the outage ended (the test above shows that the pool replaces
		// them by itself, one request each).
		Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		Response after = onceRecovered(() -> browser.get("/api/me"), (response) -> response.status() != 503);
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.json().path("email").asString()).isEqualTo("outage@example.com");
	}

	/**
	 * Signing out needs no database: while a form-login sign-in cannot be checked, a
	 * sign-out still ends it.
	 */
	@Test
	void aFormLoginSessionCanSignOutDuringTheOutage() {
		this.accounts.createSuperuser("leaving@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("leaving@example.com", "staff-password-1");
		String csrfToken = browser.csrfToken();
		TestDatabaseOutage.of(this.dataSource).begin();
		Response signOut;
		try {
			signOut = browser.post("/logout", "_csrf=" + csrfToken, "Content-Type", "application/x-www-form-urlencoded",
					"Accept", "text/html");
		}
		finally {
			TestDatabaseOutage.of(this.dataSource).end();
			Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		}
		assertThat(signOut.status()).isEqualTo(302);
		assertThat(signOut.header("Location")).endsWith("/login?logout");
		assertThat(browser.get("/api/me").status()).as("signed out").isEqualTo(401);
	}

	/**
	 * Signing in with the form while the users cannot be read is a failed sign-in, sent
	 * back to the login page, whose exception says that the users could not be read (for
	 * a login page to show), not that the password was wrong; it works once the database
	 * is back.
	 */
	@Test
	void aFormSignInDuringTheOutageIsAnswered503NotSentBackToTheLoginPage() {
		this.accounts.createSuperuser("during@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response attempt = signInDuringAnOutage(browser, "during@example.com", "staff-password-1");
		assertThat(attempt.status()).as("an outage, neither a wrong password nor the login page").isEqualTo(503);
		assertThat(attempt.header("Location")).isNull();
		assertThat(attempt.header("Retry-After")).isNotBlank();
		assertThat(attempt.json().path("reason").asString()).isEqualTo("database-unavailable");
		assertThat(attempt.body()).doesNotContain("SQL").doesNotContain("Exception");
		assertThat(onceRecovered(() -> browser.formLogin("during@example.com", "staff-password-1"),
				(answer) -> answer.status() == 302))
			.satisfies((answer) -> assertThat(answer.header("Location")).as("signed in once the database is back")
				.doesNotContain("error"));
	}

	@Test
	void aWrongPasswordDuringTheOutageIsAnOutageToo() {
		this.accounts.createSuperuser("wrong@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response attempt = signInDuringAnOutage(browser, "wrong@example.com", "not-the-password");
		assertThat(attempt.status()).as("the password cannot be checked without the user").isEqualTo(503);
		assertThat(onceRecovered(() -> browser.formLogin("wrong@example.com", "not-the-password"),
				(answer) -> answer.status() == 302))
			.satisfies((answer) -> assertThat(answer.header("Location")).endsWith("/login?error"));
	}

	/**
	 * Posts the login form while the database is down, and brings it back.
	 */
	private Response signInDuringAnOutage(HttpTestClient browser, String email, String password) {
		TestDatabaseOutage.of(this.dataSource).begin();
		try {
			return browser.formLogin(email, password);
		}
		finally {
			TestDatabaseOutage.of(this.dataSource).end();
			Objects.requireNonNull(this.dataSource.getHikariPoolMXBean()).softEvictConnections();
		}
	}

	/**
	 * Repeats a request made once the database is back until it is answered, at most once
	 * per pooled connection: each connection the outage ended may fail one request before
	 * the pool replaces it, as the first test shows.
	 */
	private <T> T onceRecovered(Supplier<T> request, Predicate<T> answered) {
		T answer = request.get();
		for (int i = 0; i < this.dataSource.getMaximumPoolSize() && !answered.test(answer); i++) {
			answer = request.get();
		}
		return answer;
	}

	@Test
	void anErrorOfTheApplicationIsAServerErrorNotASignOut() {
		this.clerk.addUser(ClerkData.user("user_boom").email("boom@example.com"));
		Response boom = HttpTestClient.api(this.port)
			.get("/api/boom", "Authorization", "Bearer " + this.clerk.tokens().token("user_boom"));
		assertThat(boom.status()).as("the error dispatch reaches the error handler").isEqualTo(500);
	}

}
