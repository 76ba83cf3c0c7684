package dev.clerkusers.samples.reactive;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.security.WithClerkUser;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.bearerToken;
import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.clerkUser;

/**
 * The JSON API in a {@code @WebFluxTest} slice: no database and no users table, but the
 * application's own security chain, Clerk's authentication and argument resolvers, the
 * test kit's {@code mutateWith(clerkUser(…))} and {@code @WithClerkUser}. The users
 * service, which needs the database, is a mock, as a slice test of the application's own
 * would have it.
 */
@WebFluxTest(ApiController.class)
@Import({ SecurityConfiguration.class, ProfileChanges.class })
@AutoConfigureFakeClerk
class ApiSliceTests {

	@Autowired
	WebTestClient client;

	@MockitoBean
	ClerkUserService users;

	@Test
	void aRequestWithoutATokenIsUnauthorized() {
		this.client.get().uri("/api/claims").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void aRequestWithAnInvalidTokenIsUnauthorized() {
		this.client.mutateWith(bearerToken("not-a-jwt"))
			.get()
			.uri("/api/claims")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_token");
	}

	@Test
	void aSignedTokenIsVerifiedByClerksAuthentication() {
		this.client.mutateWith(clerkUser("user_ada").token((token) -> token.sessionId("sess_slice")))
			.get()
			.uri("/api/claims")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_ada")
			.jsonPath("$.sessionId")
			.isEqualTo("sess_slice");
	}

	@Test
	@WithClerkUser(value = "user_ada", email = "ada@example.com")
	void meReturnsTheSignedInUser() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_ada")
			.jsonPath("$.email")
			.isEqualTo("ada@example.com");
	}

}
