package dev.clerkusers.samples.reactive;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.token.SessionTokenBuilder;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;

import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.clerkUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API over real HTTP on Reactor Netty, with session tokens signed by the test
 * kit's fake Clerk ({@code mutateWith(clerkUser(…))}), a real PostgreSQL, and BlockHound
 * failing any blocking call on an event loop.
 */
@ReactiveApplicationTest
class ApiTests {

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	ClerkSync sync;

	@Autowired
	WebTestClient http;

	/**
	 * Clerk holds the sample's three demo users, and the application has synced them (as
	 * {@code --clerk.command=sync} or webhooks would). Users who are not stored yet are
	 * created on their first request.
	 */
	@BeforeEach
	void setUp() {
		this.clerk.reset();
		LocalMode.seed(this.clerk);
		this.sync.sync(SyncOptions.all(), (progress) -> {
		});
	}

	@Test
	void meReturnsTheSignedInUserCreatedFromClerkOnFirstRequest() {
		this.clerk.addUser(ClerkData.user("user_barbara").email("barbara@example.com").name("Barbara", "Liskov"));
		assertThat(this.users.findByClerkId("user_barbara")).isEmpty();
		this.http.mutateWith(clerkUser("user_barbara"))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_barbara")
			.jsonPath("$.email")
			.isEqualTo("barbara@example.com")
			.jsonPath("$.name")
			.isEqualTo("Barbara Liskov")
			.jsonPath("$.active")
			.isEqualTo(true);
		assertThat(this.users.findByClerkId("user_barbara")).isPresent();
	}

	@Test
	void claimsAreTheSessionTokensClaims() {
		this.http.mutateWith(clerkUser("user_ada").token((token) -> token.sessionId("sess_ada_laptop")))
			.get()
			.uri("/api/claims")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_ada")
			.jsonPath("$.sessionId")
			.isEqualTo("sess_ada_laptop")
			.jsonPath("$.authorizedParty")
			.isEqualTo(this.clerk.tokens().authorizedParty())
			.jsonPath("$.impersonated")
			.isEqualTo(false);
	}

	@Test
	void anotherUsersCardIsReadFromTheUsersTable() {
		get("/api/users/user_grace", clerkUser("user_ada")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Grace Hopper")
			.jsonPath("$.email")
			.doesNotExist();
	}

	@Test
	void anUnknownUsersCardIsNotFound() {
		get("/api/users/user_nobody", clerkUser("user_ada")).expectStatus().isNotFound();
	}

	@Test
	void aTokenSignedByAnotherKeyGetsTheInvalidTokenAnswer() {
		get("/api/me", clerkUser("user_ada").tokens(ClerkTestTokens.generate())).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_token")
			.jsonPath("$.reason")
			.isNotEmpty();
	}

	@Test
	void anExpiredTokenGetsItsReason() {
		get("/api/me", clerkUser("user_ada").token(SessionTokenBuilder::expired)).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

	@Test
	void aRequestWithoutATokenIsUnauthorized() {
		this.http.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void thePublicPathAnswersWithoutAToken() {
		this.http.get()
			.uri("/api/public/status")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("up");
	}

	private ResponseSpec get(String path, WebTestClientConfigurer user) {
		return this.http.mutateWith(user).get().uri(path).exchange();
	}

}
