package dev.clerkusers.it.reactive;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.token.SessionTokenBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.bearerToken;
import static dev.clerkusers.test.security.ClerkWebTestClientConfigurers.clerkUser;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The test kit's {@code WebTestClient} configurers against a running WebFlux server:
 * {@code mutateWith(clerkUser(…))} sends a real token, signed by the fake Clerk of
 * {@code @AutoConfigureFakeClerk}, through the application's real filter, verifier and
 * user loading.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveSecurityConfiguration.class)
class ReactiveWebTestClientTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	WebTestClient client;

	@Test
	void clerkUserIsAuthenticatedByTheApplicationsFilterWithTheFakesTokens() {
		this.clerk.addUser(ClerkData.user("user_kit").email("kit@example.com"));
		this.client.mutateWith(clerkUser("user_kit"))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_kit")
			.jsonPath("$.email")
			.isEqualTo("kit@example.com");
	}

	@Test
	void theTokenIsCustomizedAndTheApplicationJudgesIt() {
		this.client.mutateWith(clerkUser("user_kit").token(SessionTokenBuilder::expired))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefusedByTheApplication() {
		this.client.mutateWith(clerkUser("user_kit").tokens(ClerkTestTokens.generate()))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aClientBuiltByHandSignsWithTheTokensItIsGiven() {
		this.clerk.addUser(ClerkData.user("user_hand").email("hand@example.com"));
		ReactiveTestClient.to(this.port)
			.mutateWith(clerkUser("user_hand").tokens(this.clerk.tokens()))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_hand");
	}

	@Test
	void aClientBuiltByHandWithoutTokensIsToldToPassThem() {
		WebTestClient byHand = ReactiveTestClient.to(this.port).mutateWith(clerkUser("user_hand"));
		assertThatIllegalStateException().isThrownBy(() -> byHand.get().uri("/api/me").exchange())
			.withMessageContaining(".tokens(");
	}

	@Test
	void aGivenBearerTokenIsSent() {
		this.clerk.addUser(ClerkData.user("user_bearer").email("bearer@example.com"));
		this.client.mutateWith(bearerToken(this.clerk.tokens().token("user_bearer")))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_bearer");
	}

}
