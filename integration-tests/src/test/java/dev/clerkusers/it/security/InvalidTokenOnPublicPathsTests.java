package dev.clerkusers.it.security;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clerk.invalid-token-on-public-paths=anonymous}: a stale token still reaches
 * public endpoints, as anonymous; protected endpoints still answer 401 with the reason.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.invalid-token-on-public-paths=anonymous")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
class InvalidTokenOnPublicPathsTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	@Test
	void aStaleTokenReachesPublicEndpointsAsAnonymous() {
		String stale = this.clerk.tokens().session("user_stale").expired().sign();
		Response response = HttpTestClient.api(this.port).get("/public/hello", "Authorization", "Bearer " + stale);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("signedIn").asBoolean()).isFalse();
	}

	/**
	 * A refused token never falls back to the staff sign-in of the request's HTTP
	 * session, on the request's later dispatches either: a page for visitors who are not
	 * signed in, answered on an async dispatch, is still served as anonymous.
	 */
	@Test
	void aRefusedTokenIsAnonymousOnTheAsyncDispatchTooNotTheSessionsStaffUser() {
		this.accounts.createSuperuser("visitor-staff@example.com", "staff-password-1");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("visitor-staff@example.com", "staff-password-1");
		assertThat(browser.get("/visitors/welcome").status()).as("the staff sign-in").isEqualTo(403);
		String stale = this.clerk.tokens().session("user_stale").expired().sign();
		Response response = browser.get("/visitors/welcome", "Authorization", "Bearer " + stale);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("welcome");
	}

	@Test
	void protectedEndpointsStillAnswer401WithTheReason() {
		String stale = this.clerk.tokens().session("user_stale").expired().sign();
		Response response = HttpTestClient.api(this.port).get("/api/me", "Authorization", "Bearer " + stale);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("reason").asString()).isEqualTo("token-expired");
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
	}

}
