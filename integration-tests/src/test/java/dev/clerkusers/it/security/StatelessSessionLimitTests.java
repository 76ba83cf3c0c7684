package dev.clerkusers.it.security;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
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
 * The default, stateless mode on a chain with Spring Security's concurrent session
 * control ({@code maximumSessions(1).maxSessionsPreventsLogin(true)}, for its staff
 * accounts' form logins): a Clerk token's sign-in lives as long as its request, so it is
 * neither kept in the HTTP session nor counted against the limit.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SessionLimitTests.OneSessionEach.class)
class StatelessSessionLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	/**
	 * Black-box run 229 F1 and F2: Spring Security's session management filter took the
	 * token's sign-in for one to keep, stored it in a new HTTP session and counted it, so
	 * that the user's second request was refused 401, from any browser, with any token.
	 */
	@Test
	void tokenRequestsAreNeitherKeptInASessionNorCountedAgainstTheLimit() {
		this.clerk.addUser(ClerkData.user("user_stateless").email("stateless@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		for (int i = 0; i < 3; i++) {
			Response response = browser.get("/api/me", "Authorization",
					"Bearer " + this.clerk.tokens().token("user_stateless"));
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.header("Set-Cookie")).as("no HTTP session for a token's sign-in").isNull();
		}
		Response elsewhere = HttpTestClient.browser(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_stateless"));
		assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
		assertThat(browser.get("/api/me").status()).as("nothing kept for a request without a token").isEqualTo(401);
	}

	@Test
	void aStaffAccountsFormLoginsAreStillCountedBesideThem() {
		this.accounts.createSuperuser("stateless-staff@example.com", "staff-password-1");
		HttpTestClient first = HttpTestClient.browser(this.port);
		assertThat(first.formLogin("stateless-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		Response second = HttpTestClient.browser(this.port)
			.formLogin("stateless-staff@example.com", "staff-password-1");
		assertThat(second.header("Location")).endsWith("/login?error");
		assertThat(first.get("/api/me").status()).isEqualTo(200);
	}

}
