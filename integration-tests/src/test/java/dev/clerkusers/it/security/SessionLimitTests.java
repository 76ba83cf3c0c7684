package dev.clerkusers.it.security;

import java.time.Clock;
import java.time.Duration;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.TestClock;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkSessionBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session mode under Spring Security's concurrent session control: a Clerk sign-in kept
 * in the session counts as a form login's does, and one beyond a limit that prevents
 * further sign-ins is refused with its reason, as a form login is; a staff account's form
 * logins are counted too.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.session.mode=session")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SessionLimitTests.OneSessionEach.class)
class SessionLimitTests {

	static final TestClock clock = new TestClock();

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	/**
	 * A sign-in past {@code maximumSessions(1).maxSessionsPreventsLogin(true)} made the
	 * session strategy throw out of the Clerk filter, past the chain's exception
	 * handling: the request failed with a server error instead of being refused.
	 */
	@Test
	void aSignInPastTheSessionLimitIsRefusedWithTheReasonAndTheFirstHolds() {
		this.clerk.addUser(ClerkData.user("user_limited").email("limited@example.com"));
		String token = this.clerk.tokens().token("user_limited");
		HttpTestClient first = HttpTestClient.browser(this.port);
		assertThat(first.get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		Response second = HttpTestClient.browser(this.port).get("/api/me", "Authorization", "Bearer " + token);
		assertThat(second.status()).isEqualTo(401);
		assertThat(second.json().path("reason").asString()).isEqualTo("session-limit-exceeded");
		assertThat(second.header("Set-Cookie")).as("no session kept for the refused sign-in").isNull();
		Response again = first.get("/api/me");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("clerkId").asString()).isEqualTo("user_limited");
	}

	/**
	 * A staff account's form logins count against the same limit: its details had no
	 * equality, so each sign-in was a principal of its own to the session registry and a
	 * second one was let in.
	 */
	@Test
	void aStaffAccountsSecondFormLoginPastTheLimitIsRefusedAndTheFirstHolds() {
		this.accounts.createSuperuser("limited-staff@example.com", "staff-password-1");
		HttpTestClient first = HttpTestClient.browser(this.port);
		Response signedIn = first.formLogin("limited-staff@example.com", "staff-password-1");
		assertThat(signedIn.header("Location")).doesNotContain("error");
		Response second = HttpTestClient.browser(this.port).formLogin("limited-staff@example.com", "staff-password-1");
		assertThat(second.status()).isEqualTo(302);
		assertThat(second.header("Location")).endsWith("/login?error");
		assertThat(first.get("/api/me").status()).isEqualTo(200);
	}

	/**
	 * Black-box run 175, F2: a kept sign-in that the library ended because its Clerk
	 * session ended left its HTTP session, and so its place under the limit, to the
	 * session's timeout: the user was refused everywhere else. It ends as a logout does,
	 * with its HTTP session, whose place the registry then frees (with Spring Security's
	 * {@link HttpSessionEventPublisher}, as for a logout).
	 */
	@Test
	void aSignInEndedWithItsClerkSessionFreesItsPlaceUnderTheLimit() {
		assertAnEndedClerkSessionFreesItsPlace("user_ended", Duration.ZERO);
	}

	/**
	 * Black-box run 175: a staff form login that the library ended (its password changed)
	 * kept its HTTP session, and so its place under the limit: the account could not sign
	 * in again anywhere until that session timed out.
	 */
	@Test
	void aFormLoginEndedByAPasswordChangeFreesItsPlaceUnderTheLimit() {
		ClerkUser staff = this.accounts.createSuperuser("changed-staff@example.com", "staff-password-1");
		HttpTestClient first = HttpTestClient.browser(this.port);
		assertThat(first.formLogin("changed-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		this.accounts.setPassword(staff.getUid(), "staff-password-2");
		assertThat(first.get("/api/me").status()).as("the sign-in ended").isNotEqualTo(200);
		Response again = HttpTestClient.browser(this.port).formLogin("changed-staff@example.com", "staff-password-2");
		assertThat(again.header("Location")).doesNotContain("error");
	}

	/**
	 * Black-box run 202, F3: a kept sign-in past its revalidation interval was only let
	 * lapse, also when its Clerk session had ended or its user's rights had changed
	 * meanwhile: it kept its HTTP session, and so its place under the limit, for a token
	 * of an ended session, or a stale right, never to renew. An end for cause is checked
	 * first, and ends the HTTP session as within the interval.
	 */
	@Test
	void aSignInWhoseClerkSessionEndedPastItsIntervalEndsAndFreesItsPlace() {
		assertAnEndedClerkSessionFreesItsPlace("user_lapsed", Duration.ofMinutes(6));
	}

	/**
	 * Signs a user in from one browser, lets the time pass, ends its Clerk session by
	 * webhook, and expects that browser signed out and the user's place under the limit
	 * free for another browser.
	 */
	private void assertAnEndedClerkSessionFreesItsPlace(String userId, Duration passing) {
		this.clerk.addUser(ClerkData.user(userId).email(userId + "@example.com"));
		ClerkSessionBuilder session = this.clerk.addSession(ClerkData.session("sess_" + userId + "_1", userId));
		HttpTestClient first = HttpTestClient.browser(this.port);
		assertThat(first
			.get("/api/me", "Authorization",
					"Bearer " + this.clerk.tokens().session(userId).sessionId(session.id()).sign())
			.status()).isEqualTo(200);
		clock.advance(passing);
		session.status("ended");
		session.revise();
		assertThat(ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.from(this.clerk)
			.deliver(ClerkEvents.sessionEnded(session))
			.status()).isEqualTo(200);
		assertThat(first.get("/api/me").status()).isEqualTo(401);
		ClerkSessionBuilder next = this.clerk.addSession(ClerkData.session("sess_" + userId + "_2", userId));
		Response elsewhere = HttpTestClient.browser(this.port)
			.get("/api/me", "Authorization",
					"Bearer " + this.clerk.tokens().session(userId).sessionId(next.id()).sign());
		assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OneSessionEach {

		@Bean
		Clock testClock() {
			return clock;
		}

		@Bean
		HttpSessionEventPublisher httpSessionEventPublisher() {
			return new HttpSessionEventPublisher();
		}

		@Bean
		SecurityFilterChain oneSessionEachFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.sessionManagement((sessions) -> sessions.maximumSessions(1).maxSessionsPreventsLogin(true));
			return http.build();
		}

	}

}
