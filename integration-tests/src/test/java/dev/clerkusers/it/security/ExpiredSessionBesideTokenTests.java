package dev.clerkusers.it.security;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.Nested;
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
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain whose concurrent session control expires a staff account's older session when
 * it signs in again ({@code maximumSessions(1)} without preventing the sign-in): a
 * request carrying that expired session and a Clerk token is the token's user, as a
 * request with a staff session and a token always is.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(ExpiredSessionBesideTokenTests.OldestSessionExpires.class)
class ExpiredSessionBesideTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	/**
	 * Black-box run 231 F1: Spring Security's concurrent session filter answered the
	 * expired session ("This session has been expired", status 200) before the token was
	 * read: the controller never ran, a {@code POST} too.
	 */
	@Test
	void aTokenBesideAnExpiredSessionDecidesTheRequest() {
		this.accounts.createSuperuser("expired-staff@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_beside").email("beside@example.com"));
		HttpTestClient first = HttpTestClient.browser(this.port);
		assertThat(first.formLogin("expired-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		HttpTestClient.browser(this.port).formLogin("expired-staff@example.com", "staff-password-1");
		Response withToken = first.get("/api/me", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_beside"));
		assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
		assertThat(withToken.json().path("clerkId").asString()).isEqualTo("user_beside");
		assertThat(first.get("/api/me").body()).as("without a token, the session is expired as before")
			.contains("This session has been expired");
	}

	/**
	 * Black-box run 233: in session mode, a token on a session the limit expired is
	 * served, and the session stays expired: the next request without a token meets
	 * Spring Security's answer, which ends the session, and the user's next token signs
	 * in anew, in a new session that is kept.
	 */
	@Nested
	@TestPropertySource(properties = "clerk.session.mode=session")
	class InSessionMode {

		@Test
		void aTokenOnAnExpiredSessionIsServedAndTheNextTokenAfterTheExpiryIsKeptAnew() {
			ExpiredSessionBesideTokenTests.this.clerk.addUser(ClerkData.user("user_anew").email("anew@example.com"));
			HttpTestClient first = HttpTestClient.browser(ExpiredSessionBesideTokenTests.this.port);
			assertThat(first.get("/api/me", "Authorization", "Bearer " + token("user_anew")).status()).isEqualTo(200);
			HttpTestClient second = HttpTestClient.browser(ExpiredSessionBesideTokenTests.this.port);
			assertThat(second.get("/api/me", "Authorization", "Bearer " + token("user_anew")).status()).isEqualTo(200);
			Response withToken = first.get("/api/me", "Authorization", "Bearer " + token("user_anew"));
			assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
			assertThat(first.get("/api/me").body()).contains("This session has been expired");
			Response anew = first.get("/api/me", "Authorization", "Bearer " + token("user_anew"));
			assertThat(anew.header("Set-Cookie")).as("a new session").contains("JSESSIONID");
			Response kept = first.get("/api/me");
			assertThat(kept.status()).as(kept.body()).isEqualTo(200);
			assertThat(kept.json().path("clerkId").asString()).isEqualTo("user_anew");
		}

		private String token(String userId) {
			return ExpiredSessionBesideTokenTests.this.clerk.tokens().token(userId);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OldestSessionExpires {

		@Bean
		HttpSessionEventPublisher httpSessionEventPublisher() {
			return new HttpSessionEventPublisher();
		}

		@Bean
		SecurityFilterChain oldestSessionExpiresFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.sessionManagement((sessions) -> sessions.maximumSessions(1));
			return http.build();
		}

	}

}
