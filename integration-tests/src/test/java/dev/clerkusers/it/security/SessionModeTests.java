package dev.clerkusers.it.security;

import dev.clerkusers.user.ClerkUserSynchronizer;
import java.time.Instant;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.EndedSessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clerk.session.mode=session}, with real second requests that carry only the
 * session cookie. The revalidation interval is zero here, so every cookie-only request
 * re-reads the user.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "clerk.session.mode=session", "clerk.session.revalidation-interval=0s" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
class SessionModeTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	EndedSessions endedSessions;

	@BeforeEach
	void users() {
		this.clerk.addUser(ClerkData.user("user_a").email("a@example.com"));
		this.clerk.addUser(ClerkData.user("user_b").email("b@example.com"));
	}

	@Test
	void aClerkSignInIsKeptInTheHttpSessionForRequestsWithoutToken() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		Response first = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Set-Cookie")).contains("JSESSIONID");
		Response second = browser.get("/api/me");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("clerkId").asString()).isEqualTo("user_a");
		assertThat(HttpTestClient.api(this.port).get("/api/me").status()).as("without the cookie").isEqualTo(401);
	}

	@Test
	void aTokenForAnotherUserReplacesTheSignInAndTheSessionId() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String firstCookie = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.header("Set-Cookie");
		Response switched = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_b"));
		assertThat(switched.json().path("clerkId").asString()).isEqualTo("user_b");
		assertThat(switched.header("Set-Cookie")).as("a new session id for a new user")
			.isNotNull()
			.isNotEqualTo(firstCookie);
		assertThat(browser.get("/api/me").json().path("clerkId").asString()).isEqualTo("user_b");
	}

	@Test
	void aTokenForAnotherOrganizationReplacesTheStoredOne() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_1", "one", "org:admin").sign());
		assertThat(browser.get("/api/me").json().path("organization").asString()).isEqualTo("org_1");
		browser.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().session("user_a").organization("org_2", "two", "org:member").sign());
		Response after = browser.get("/api/me");
		assertThat(after.json().path("organization").asString()).isEqualTo("org_2");
		assertThat(after.json().path("authorities").toString()).contains("org:member").doesNotContain("org:admin");
	}

	@Test
	void theSignInEndsWhenItsClerkSessionEnds() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		String sessionId = browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"))
			.json()
			.path("sessionId")
			.asString();
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
		this.endedSessions.record(sessionId, "user_a", Instant.now());
		assertThat(browser.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void theSignInEndsWhenTheUserIsDeactivated() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		this.synchronizer.deactivate("user_a");
		assertThat(browser.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void cookieSessionsAreProtectedAgainstCsrf() {
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_a"));
		assertThat(browser.post("/api/echo", "").status()).isEqualTo(403);
	}

}
