package dev.clerkusers.it.reactive;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A {@link WebTestClient} over real HTTP to the application under test.
 */
final class ReactiveTestClient {

	private ReactiveTestClient() {
	}

	static WebTestClient to(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
