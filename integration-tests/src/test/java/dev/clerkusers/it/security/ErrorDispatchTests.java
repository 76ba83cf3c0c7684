package dev.clerkusers.it.security;

import java.util.List;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * security.md: a server problem is never answered as a sign-out. A chain of the
 * application's own that does not permit {@code /error} (authentication.md's first
 * example) turns the error dispatch of a failure during authentication into an anonymous
 * request; the library's entry point answers it with the error's status, not with a 401
 * that makes a frontend drop its user, and without the error's details.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.session-cookie.enabled=true")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(ErrorDispatchTests.ChainWithoutErrorPage.class)
class ErrorDispatchTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Test
	void aFailureOfTheApplicationsCodeWhileAValidTokenIsAuthenticatedIsAServerErrorNotASignOut() {
		this.clerk.addUser(ClerkData.user("user_broken").email("broken@example.com"));
		Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_broken"));
		assertThat(response.status()).as(response.body()).isEqualTo(500);
		assertThat(response.header("WWW-Authenticate")).as("no challenge: nothing to sign in again for").isNull();
		assertThat(response.json().path("error").asString()).isEqualTo("internal_server_error");
		assertThat(response.body()).as("the failure's details stay in the log")
			.doesNotContain(ChainWithoutErrorPage.FAILURE);
	}

	/**
	 * Review of 98f4c34: a browser's request signed in by Clerk's session cookie, which
	 * no bearer header marks as Clerk's, was sent to the login page of the chain's form
	 * login when the application's rule failed: a sign-out, for a server problem.
	 */
	@Test
	void aFailureOfTheApplicationsCodeWhileASessionCookieIsAuthenticatedIsAServerErrorNotTheLoginPage() {
		this.clerk.addUser(ClerkData.user("user_broken").email("broken@example.com"));
		Response response = HttpTestClient.api(this.port)
			.get("/api/me", "Cookie", "__session=" + this.clerk.tokens().token("user_broken"), "Accept", "text/html");
		assertThat(response.status()).as(response.header("Location")).isEqualTo(500);
		assertThat(response.header("WWW-Authenticate")).isNull();
		assertThat(response.body()).doesNotContain(ChainWithoutErrorPage.FAILURE);
	}

	@Test
	void aBrowserWithoutCredentialsIsStillSentToTheLoginPage() {
		Response response = HttpTestClient.api(this.port).get("/api/me", "Accept", "text/html");
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Location")).endsWith("/login");
	}

	@Test
	void aRequestWithoutCredentialsIsStillRefusedAndAValidTokenStillServed() {
		this.clerk.addUser(ClerkData.user("user_fine").email("fine@example.com"));
		HttpTestClient api = HttpTestClient.api(this.port);
		Response anonymous = api.get("/api/me", "Authorization", "Bearer not-a-token");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.json().path("reason").asString()).isEqualTo("token-invalid");
		Response fine = api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_fine"));
		assertThat(fine.status()).isEqualTo(200);
		assertThat(fine.json().path("clerkId").asString()).isEqualTo("user_fine");
	}

	/**
	 * authentication.md's chain, which does not permit {@code /error}, and a rule of the
	 * application's own that fails for one user.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ChainWithoutErrorPage {

		static final String FAILURE = "the roles service is down";

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**")
				.permitAll()
				.requestMatchers("/admin/**")
				.hasRole("STAFF")
				.anyRequest()
				.authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		ClerkAuthoritiesMapper authoritiesMapper() {
			return (user, claims, organization) -> {
				if (user != null && "user_broken".equals(user.getClerkId())) {
					throw new IllegalStateException(FAILURE);
				}
				return List.of(new SimpleGrantedAuthority("ROLE_USER"));
			};
		}

	}

}
