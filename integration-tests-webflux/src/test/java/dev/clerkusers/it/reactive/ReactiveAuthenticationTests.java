package dev.clerkusers.it.reactive;

import java.util.function.UnaryOperator;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application with its own filter chain and the users table: Clerk tokens are
 * accepted by the chain without a line of configuration, refused with the servlet side's
 * reasons and answers, and the user is created on first sight, all over real HTTP against
 * the fake Clerk and a real PostgreSQL, with no blocking on the event loop.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveSecurityConfiguration.class)
class ReactiveAuthenticationTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserRepository users;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void aValidTokenIsTheUserCreatedOnFirstSightFromClerk() {
		this.clerk.addUser(ClerkData.user("user_ada").email("ada@example.com"));
		String token = this.clerk.tokens().token("user_ada");
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_ada")
			.jsonPath("$.email")
			.isEqualTo("ada@example.com")
			.jsonPath("$.sessionId")
			.isNotEmpty()
			.jsonPath("$.thread")
			.value((String thread) -> assertThat(thread).doesNotContain("boundedElastic"));
		assertThat(this.users.findByClerkId("user_ada")).isPresent();
		assertThat(this.clerk.requests("GET", "/v1/users/user_ada")).hasSize(1);
	}

	@Test
	void anExpiredTokenIsRefusedWithItsReason() {
		String token = this.clerk.tokens().session("user_old").expired().sign();
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"token-expired\"")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_token")
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() {
		String forged = this.clerk.tokens().session("user_ada").signedBy(ClerkTestTokens.generate()).sign();
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(forged))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_token");
	}

	/**
	 * Black-box run 200, F1: a token sent without the Bearer scheme, or under another
	 * scheme, was answered as a request without a header; the answer says how to send it.
	 */
	@Test
	void aTokenWithoutTheBearerSchemeIsToldHowToSendIt() {
		this.clerk.addUser(ClerkData.user("user_scheme").email("scheme@example.com"));
		String token = this.clerk.tokens().token("user_scheme");
		for (String authorization : new String[] { token, "Token " + token }) {
			assertThat(unauthorizedMessage((request) -> request.header(HttpHeaders.AUTHORIZATION, authorization)))
				.as(authorization)
				.contains("no Bearer scheme")
				.contains("Authorization: Bearer <token>");
		}
		assertThat(unauthorizedMessage((request) -> request.cookie("__session", token)))
			.contains("clerk.session-cookie.enabled")
			.contains("Authorization: Bearer <token>");
		assertThat(unauthorizedMessage((request) -> request)).isEqualTo("Authentication is required");
	}

	/**
	 * The message of the 401 that a request to {@code /api/me} gets.
	 */
	private String unauthorizedMessage(UnaryOperator<WebTestClient.RequestHeadersSpec<?>> request) {
		byte[] body = request.apply(this.client.get().uri("/api/me"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JsonMapper.shared().readTree(body).path("message").asString();
	}

	@Test
	void aBearerHeaderWithoutATokenIsMalformed() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer   ")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-invalid");
	}

	@Test
	void aRequestWithTwoAuthorizationHeadersIsRefused() {
		this.clerk.addUser(ClerkData.user("user_twice").email("twice@example.com"));
		String valid = "Bearer " + this.clerk.tokens().token("user_twice");
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, valid, "Bearer garbage")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-invalid");
	}

	@Test
	void aRequestWithoutCredentialsGetsTheBearerChallenge() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized");
	}

	@Test
	void anotherAuthorizationSchemeIsNotTakenForAClerkToken() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void aBannedUserIsRefused() {
		this.clerk.addUser(ClerkData.user("user_banned").email("banned@example.com").banned(true));
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_banned")))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("user-inactive");
	}

	@Test
	void publicPathsAnswerWithoutAToken() {
		this.client.get().uri("/public/hello").exchange().expectStatus().isOk();
	}

	@Test
	void anInvalidTokenOnAPublicPathIsRefusedByDefault() {
		this.client.get()
			.uri("/public/hello")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().session("user_old").expired().sign()))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void theSessionCookieIsNotReadUnlessEnabled() {
		this.clerk.addUser(ClerkData.user("user_cookie").email("cookie@example.com"));
		this.client.get()
			.uri("/api/me")
			.cookie("__session", this.clerk.tokens().token("user_cookie"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aBearerRequestSkipsCsrfProtection() {
		this.clerk.addUser(ClerkData.user("user_post").email("post@example.com"));
		this.client.post()
			.uri("/api/echo")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_post")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("posted");
	}

	/**
	 * A required {@code @CurrentClerkUser} on a public path without a token is answered
	 * as on servlet: 401 asking for credentials, not as a refused token.
	 */
	@Test
	void aRequiredUserOnAPublicPathWithoutATokenIsAskedForCredentials() {
		this.client.get()
			.uri("/public/profile")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized");
	}

}
