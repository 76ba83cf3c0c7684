package dev.clerkusers.it.security;

import dev.clerkusers.it.HttpTestClient;
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
 * In session mode, a chain that keeps Clerk sign-ins with a repository of its own
 * ({@code securityContextRepository(…)} of the DSL) keeps them under the session mode's
 * rules: a staff member's form login is never overwritten, and a new sign-in gets a new
 * session id. Black-box run 187 F2: the repository was used instead of the rules.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.session.mode=session")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(StatelessSessionRepositoryTests.KeepingChain.class)
class SessionModeOwnRepositoryTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	@Test
	void aTokensSignInOnTheChainNeverOverwritesAFormLogin() {
		this.accounts.createSuperuser("own-repo-staff@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_own_repo").email("own-repo@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.formLogin("own-repo-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		assertThat(
				browser.get("/partner/whoami", "Authorization", "Bearer " + this.clerk.tokens().token("user_own_repo"))
					.body())
			.isEqualTo("user_own_repo");
		assertThat(browser.get("/partner/whoami").body()).isEqualTo("own-repo-staff@example.com");
	}

	@Test
	void anotherUsersSignInGetsANewSessionId() {
		this.clerk.addUser(ClerkData.user("user_own_repo_a").email("own-repo-a@example.com"));
		this.clerk.addUser(ClerkData.user("user_own_repo_b").email("own-repo-b@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		HttpTestClient.Response first = browser.get("/partner/whoami", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_own_repo_a"));
		assertThat(first.header("Set-Cookie")).as("kept in a session").contains("JSESSIONID");
		assertThat(browser.get("/partner/whoami").body()).isEqualTo("user_own_repo_a");
		HttpTestClient.Response second = browser.get("/partner/whoami", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_own_repo_b"));
		assertThat(second.body()).isEqualTo("user_own_repo_b");
		assertThat(second.header("Set-Cookie")).as("a new session id for another user").contains("JSESSIONID");
	}

}
