package dev.clerkusers.it.reactive;

import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.token.HttpJwksFetcher;
import dev.clerkusers.token.JwksKeySource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key fetch, the users table and first sight in Clerk all block; none of it may run
 * on an event-loop thread. BlockHound (installed by {@link NoEventLoopBlocking}) fails
 * every test of this module that blocks one; these tests make each blocking step happen
 * on a request, and show that BlockHound does catch a key fetch on a non-blocking thread.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveSecurityConfiguration.class)
class EventLoopTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	JwksKeySource keys;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void aRequestThatFetchesTheKeysAndCreatesTheUserBlocksNoEventLoopThread() {
		this.clerk.addUser(ClerkData.user("user_first").email("first@example.com"));
		this.keys.clear();
		this.clerk.clearRequests();
		this.client.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(this.clerk.tokens().token("user_first")))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.clerk.requests("GET", "/v1/jwks")).hasSize(1);
		assertThat(this.clerk.requests("GET", "/v1/users/user_first")).hasSize(1);
		assertThat(NoEventLoopBlocking.SEEN).isEmpty();
	}

	/**
	 * The control: the same kind of key source, fetching over plain blocking sockets on a
	 * non-blocking thread, is caught by BlockHound (on a key source of its own, so that
	 * the application's keys are left alone). The fetch fails, so the token would be
	 * refused: this is what the application's requests would meet if keys were fetched on
	 * the event loop.
	 */
	@Test
	@Tag("expects-blocking")
	void blockHoundCatchesAKeyFetchOnANonBlockingThread() {
		JwksKeySource own = new JwksKeySource(
				HttpJwksFetcher.backendApi(this.clerk.apiUrl(), this.clerk.secretKey(), "2025-11-10",
						RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())),
				Duration.ofHours(1), Duration.ZERO, Clock.systemUTC());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.clerk.tokens().keyId()).build();
		assertThatThrownBy(() -> Mono.fromCallable(() -> own.keyFor(header)).subscribeOn(Schedulers.parallel()).block())
			.hasMessageContaining("Blocking call on a non-blocking thread");
		assertThat(NoEventLoopBlocking.SEEN).isNotEmpty();
	}

}
