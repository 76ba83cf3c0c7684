package dev.clerkusers.it.reactive;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.IssuedMachineToken;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An opaque machine token in a {@code @WebFluxTest} slice is verified by the fake Backend
 * API, as in the whole application. Black-box run 237 F1: the slice had no Backend API
 * client, so it was answered 503 "clerk.secret-key is not set", with the key set by the
 * kit.
 */
@WebFluxTest(ReactiveMachineTokenSliceTests.WhoAmI.class)
@Import(ReactiveMachineTokenSliceTests.WhoAmI.class)
@AutoConfigureFakeClerk
@TestPropertySource(properties = "clerk.accepts-tokens=session_token,api_key")
class ReactiveMachineTokenSliceTests {

	@Autowired
	WebTestClient client;

	@Autowired
	FakeClerkBackend clerk;

	@Test
	void anOpaqueApiKeyIsVerifiedByTheFakeBackendApi() {
		IssuedMachineToken key = this.clerk.createApiKey("user_123", "reports:read");
		this.client.get()
			.uri("/whoami")
			.header(HttpHeaders.AUTHORIZATION, key.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_123");
	}

	/**
	 * Imported: a test's nested classes are left out of the slice's scan.
	 */
	@RestController
	static class WhoAmI {

		@GetMapping("/whoami")
		Mono<String> whoami(Authentication authentication) {
			return Mono.just(authentication.getName());
		}

	}

}
