package dev.clerkusers.it.security;

import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that defines no filter chain gets clerk-users' default: everything
 * authenticated, with a Clerk token or through the login form, but the health endpoint
 * and its groups (liveness and readiness here), which answer anyone.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.connection-timeout=1000",
				"management.endpoint.health.probes.enabled=true" })
@ClerkTestDatabase
@AutoConfigureFakeClerk
class DefaultFilterChainTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ApplicationContext context;

	@Test
	void theDefaultChainIsClerksAndTheOnlyOne() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class))
			.containsOnlyKeys("clerkDefaultSecurityFilterChain");
	}

	@Test
	void everythingNeedsAuthenticationByTokenOrForm() {
		this.clerk.addUser(ClerkData.user("user_default").email("default@example.com"));
		HttpTestClient api = HttpTestClient.api(this.port);
		assertThat(api.get("/public/hello").status()).isEqualTo(401);
		Response withToken = api.get("/public/hello", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_default"));
		assertThat(withToken.status()).isEqualTo(200);
		assertThat(withToken.json().path("name").asString()).isEqualTo("user_default");
		this.accounts.createSuperuser("admin-default@example.com", "default-password");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.get("/public/hello", "Accept", "text/html").status()).isEqualTo(302);
		browser.formLogin("admin-default@example.com", "default-password");
		assertThat(browser.get("/public/hello").json().path("signedIn").asBoolean()).isTrue();
	}

	/**
	 * operations.md points the load balancer and the orchestrator at the health
	 * endpoint's groups, which probe without signing in: the default chain lets the
	 * health endpoint answer anyone, as Spring Boot's own does, with its status only.
	 */
	@Test
	void theHealthEndpointAnswersWithoutSignInAsSpringBootsDefaultChainDoes() {
		HttpTestClient api = HttpTestClient.api(this.port);
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness" }) {
			Response health = api.get(path);
			assertThat(health.status()).as(path).isIn(200, 503);
			assertThat(health.json().path("status").asString()).as(path).isNotEmpty();
			assertThat(health.json().has("components") || health.json().has("details")).as(path).isFalse();
		}
	}

	/**
	 * A request without a bearer token that is refused (a form-login session's post
	 * without its CSRF token) gets Spring Security's plain 403: the bearer challenge
	 * ({@code insufficient_scope}) is for requests with a token, as on WebFlux
	 * ({@code OperatorEndpointsTests} checks that one).
	 */
	@Test
	void onlyRequestsWithATokenAreRefusedWithTheBearerChallenge() {
		this.accounts.createSuperuser("admin-csrf@example.com", "csrf-password");
		HttpTestClient browser = HttpTestClient.browser(this.port);
		browser.formLogin("admin-csrf@example.com", "csrf-password");
		Response withoutCsrf = browser.post("/public/hello", "{}", "Content-Type", "application/json");
		assertThat(withoutCsrf.status()).isEqualTo(403);
		assertThat(withoutCsrf.header("WWW-Authenticate")).isNull();
	}

}
