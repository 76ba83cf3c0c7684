package dev.clerkusers.samples.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkUserBuilder;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clerk's webhooks, signed as Svix signs them, delivered over HTTP to the endpoint
 * clerk-users adds to the application, and what the API then answers: {@code /api/me} and
 * the profile stream.
 */
@ReactiveApplicationTest
class WebhookTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserRepository users;

	WebTestClient http;

	ClerkWebhookClient webhooks;

	@BeforeEach
	void setUp() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(TIMEOUT)
			.build();
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Test
	void aSignedUserUpdatedChangesWhatMeReturns() {
		String clerkId = newUser("katherine", "Katherine", "Johnson");
		String token = this.clerk.tokens().token(clerkId);
		me(token).jsonPath("$.email").isEqualTo("katherine@example.com");

		Delivery delivery = this.webhooks.deliver(ClerkEvents.userUpdated(ClerkData.user(clerkId)
			.email("katherine@nasa.example")
			.name("Katherine", "Johnson")
			.updatedAt(Instant.now())));
		assertThat(delivery.status()).isEqualTo(200);

		me(token).jsonPath("$.email").isEqualTo("katherine@nasa.example");
	}

	@Test
	void theProfileStreamShowsTheProfileAndThenEachChangeFromClerk() {
		String clerkId = newUser("dorothy", "Dorothy", "Vaughan");
		Flux<Profile> stream = profileStream(this.clerk.tokens().session(clerkId).lifetime(Duration.ofHours(1)).sign());
		ClerkEvent updated = ClerkEvents.userUpdated(ClerkData.user(clerkId)
			.email("dorothy@nasa.example")
			.name("Dorothy", "Vaughan")
			.updatedAt(Instant.now()));
		AtomicReference<CompletableFuture<Delivery>> delivery = new AtomicReference<>();
		StepVerifier.create(stream)
			.assertNext((profile) -> assertThat(profile.email()).isEqualTo("dorothy@example.com"))
			.then(() -> delivery.set(deliverAsync(updated)))
			.assertNext((profile) -> {
				assertThat(profile.email()).isEqualTo("dorothy@nasa.example");
				assertThat(profile.active()).isTrue();
			})
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(delivery.get().join().status()).isEqualTo(200);
	}

	@Test
	void theProfileStreamEndsWhenTheUserIsDeletedInClerk() {
		String clerkId = newUser("mary", "Mary", "Jackson");
		Flux<Profile> stream = profileStream(this.clerk.tokens().session(clerkId).lifetime(Duration.ofHours(1)).sign());
		AtomicReference<CompletableFuture<Delivery>> delivery = new AtomicReference<>();
		StepVerifier.create(stream)
			.expectNextCount(1)
			.then(() -> delivery.set(deliverAsync(ClerkEvents.userDeleted(clerkId))))
			.assertNext((profile) -> assertThat(profile.active()).isFalse())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(delivery.get().join().status()).isEqualTo(200);
	}

	@Test
	void theProfileStreamEndsWhenTheSessionTokenExpires() {
		String clerkId = newUser("annie", "Annie", "Easley");
		Flux<Profile> stream = profileStream(
				this.clerk.tokens().session(clerkId).lifetime(Duration.ofSeconds(5)).sign());
		StepVerifier.create(stream).expectNextCount(1).expectComplete().verify(TIMEOUT);
	}

	@Test
	void anUnsignedDeliveryIsRefusedAndChangesNothing() {
		String clerkId = newUser("mallory", "Mallory", "M");
		ClerkEvent event = ClerkEvents.userUpdated(ClerkData.user(clerkId).email("mallory@evil.example"));
		Delivery refused = this.webhooks.post(event.toJson(), Map.of("svix-id", "msg_forged", "svix-timestamp",
				String.valueOf(Instant.now().getEpochSecond()), "svix-signature", "v1,bm90IGEgc2lnbmF0dXJl"));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("invalid-signature");
		me(this.clerk.tokens().token(clerkId)).jsonPath("$.email").isEqualTo("mallory@example.com");
	}

	/**
	 * A user in Clerk, stored by the application on a first request.
	 */
	private String newUser(String name, String firstName, String lastName) {
		String clerkId = "user_" + name;
		ClerkUserBuilder user = ClerkData.user(clerkId).email(name + "@example.com").name(firstName, lastName);
		this.clerk.addUser(user);
		me(this.clerk.tokens().token(clerkId)).jsonPath("$.clerkId").isEqualTo(clerkId);
		assertThat(this.users.findByClerkId(clerkId)).isPresent();
		return clerkId;
	}

	private WebTestClient.BodyContentSpec me(String token) {
		return this.http.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	private Flux<Profile> profileStream(String token) {
		return this.http.get()
			.uri("/api/me/changes")
			.headers(ClerkTestTokens.bearer(token))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Profile.class)
			.getResponseBody();
	}

	/**
	 * Delivers from another thread: the stream's signals arrive on an event loop, where
	 * the blocking HTTP call of the webhook client must not run.
	 */
	private CompletableFuture<Delivery> deliverAsync(ClerkEvent event) {
		return CompletableFuture.supplyAsync(() -> this.webhooks.deliver(event));
	}

}
