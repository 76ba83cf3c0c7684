package dev.clerkusers.samples.reactive;

import java.time.Duration;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API over real HTTP on Reactor Netty, with session tokens signed by the test
 * kit's fake Clerk, a real PostgreSQL, and BlockHound failing any blocking call on an
 * event loop.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@ExtendWith(NoEventLoopBlocking.class)
class ApiTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	ClerkSync sync;

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
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void meReturnsTheSignedInUserCreatedFromClerkOnFirstRequest() {
		this.clerk.addUser(ClerkData.user("user_barbara").email("barbara@example.com").name("Barbara", "Liskov"));
		assertThat(this.users.findByClerkId("user_barbara")).isEmpty();
		get("/api/me", this.clerk.tokens().token("user_barbara")).expectStatus()
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
		String token = this.clerk.tokens().session("user_ada").sessionId("sess_ada_laptop").sign();
		get("/api/claims", token).expectStatus()
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
		get("/api/users/user_grace", this.clerk.tokens().token("user_ada")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Grace Hopper")
			.jsonPath("$.email")
			.doesNotExist();
	}

	@Test
	void anUnknownUsersCardIsNotFound() {
		get("/api/users/user_nobody", this.clerk.tokens().token("user_ada")).expectStatus().isNotFound();
	}

	@Test
	void aTokenSignedByAnotherKeyGetsTheInvalidTokenAnswer() {
		String forged = this.clerk.tokens().session("user_ada").signedBy(ClerkTestTokens.generate()).sign();
		get("/api/me", forged).expectStatus()
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
		get("/api/me", this.clerk.tokens().session("user_ada").expired().sign()).expectStatus()
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

	private ResponseSpec get(String path, String token) {
		return this.http.get().uri(path).headers(ClerkTestTokens.bearer(token)).exchange();
	}

}
