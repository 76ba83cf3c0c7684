package dev.clerkusers.it.reactive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.WebhookEventStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook endpoint of a WebFlux application, with its own filter chain, answers as
 * the servlet one does, with the same inbox: signed deliveries over real HTTP, applied to
 * a real PostgreSQL off the event loop (BlockHound watching).
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import({ ReactiveSecurityConfiguration.class, ReactiveWebhookTests.FlakyHandler.class,
		ReactiveWebhookTests.SlowHandler.class, ReactiveWebhookTests.HangUps.class })
class ReactiveWebhookTests {

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	ClerkWebhookInbox inbox;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	FlakyHandler flaky;

	@Autowired
	SlowHandler slow;

	@Autowired
	HangUps hangUps;

	ClerkWebhookClient webhooks;

	@BeforeEach
	void setUp() {
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Test
	void aSignedUserCreatedStoresTheUserOnceAndADuplicateHasNoEffect() {
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_hook").email("hook@example.com"));
		Delivery delivery = this.webhooks.deliver(event);
		assertThat(delivery.status()).isEqualTo(200);
		assertThat(delivery.body()).contains("\"status\":\"processed\"");
		assertThat(this.users.findByClerkId("user_hook")).isPresent();
		assertThat(this.inbox.find(event.messageId()).orElseThrow().status()).isEqualTo(WebhookEventStatus.PROCESSED);
		this.jdbc.update("update clerk_users set first_name = 'changed locally' where clerk_id = 'user_hook'");
		Delivery again = this.webhooks.deliver(event);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).contains("\"status\":\"duplicate\"");
		assertThat(this.users.findByClerkId("user_hook").orElseThrow().getFirstName()).isEqualTo("changed locally");
	}

	/**
	 * webflux.md's example of a signed delivery through a {@code WebTestClient}, as it is
	 * written there (black-box run 274: the docs showed none).
	 */
	@Test
	void aDeliverySignedAsWebfluxMdShowsIsProcessed(@Autowired WebTestClient client) {
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_ada").email("ada@example.com"));
		String body = event.toJson();
		client.post()
			.uri("/webhooks/clerk")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> ClerkWebhookSigner.test()
				.sign(event.messageId(), Instant.now(), body)
				.forEach(headers::add))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.users.findByClerkId("user_ada")).isPresent();
	}

	@Test
	void anOutageIsAnswered503AndTheRetryIsProcessedExactlyOnce() {
		this.flaky.failures.set(1);
		int handledBefore = this.flaky.handled.get();
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_retry").email("retry@example.com"));
		Delivery failed = this.webhooks.deliver(event);
		assertThat(failed.status()).as("Svix delivers it again").isEqualTo(503);
		assertThat(failed.body()).contains("\"status\":\"retry\"").doesNotContain("database");
		assertThat(this.users.findByClerkId("user_retry")).as("nothing of the failed event is committed").isEmpty();
		assertThat(this.inbox.find(event.messageId()).orElseThrow().status()).isEqualTo(WebhookEventStatus.FAILED);

		Delivery retried = this.webhooks.deliver(event);
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.body()).contains("\"status\":\"processed\"");
		assertThat(this.webhooks.deliver(event).body()).contains("\"status\":\"duplicate\"");
		assertThat(this.users.findByClerkId("user_retry")).isPresent();
		assertThat(this.flaky.handled).as("handled once").hasValue(handledBefore + 1);
	}

	/**
	 * Run 320: as on the servlet side, a handler's call to Clerk's Backend API waits for
	 * Clerk's rate limit {@code clerk.api.request-retry-budget} at most, on the bounded
	 * scheduler's thread as on a request thread: a longer wait is answered 503 at once,
	 * not waited out in the delivery's transaction while Svix gives the attempt up.
	 */
	@Test
	void aHandlersCallToClerkRateLimitedForLongerThanTheBudgetIsAnswered503WithoutWaiting(
			@Autowired FakeClerkBackend clerk, @Autowired ClerkApiClient clerkApi) {
		clerk.addUser(ClerkData.user("user_limited").email("limited@example.com"));
		this.flaky.meanwhile.set(() -> clerkApi.getUser("user_limited"));
		clerk.clearRequests();
		clerk.rateLimitNext(1, 30);
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_limited").email("limited@example.com"));
		Delivery failed = this.webhooks.deliver(event);
		assertThat(failed.status()).as("Svix delivers it again").isEqualTo(503);
		assertThat(failed.body()).contains("\"status\":\"retry\"");
		assertThat(clerk.requests("GET", "/v1/users/user_limited")).as("not tried again after a wait").hasSize(1);
		assertThat(this.webhooks.deliver(event).body()).contains("\"status\":\"processed\"");
		assertThat(this.users.findByClerkId("user_limited")).isPresent();
	}

	/**
	 * Black-box run 162, F1: a sender that hung up while its delivery was processed
	 * cancelled the processing, which interrupted the handler's thread; a handler that
	 * returned when interrupted had its event committed as processed, its work undone for
	 * good. As on the servlet side, a delivery is processed to its end whether its sender
	 * waits for the answer or not.
	 */
	@Test
	void aDeliveryWhoseSenderHangsUpIsProcessedToItsEndOnce() throws InterruptedException {
		ClerkEvent event = ClerkEvents.userCreated(ClerkData.user("user_hangup").email("hangup@example.com"));
		String body = event.toJson();
		Map<String, String> headers = ClerkWebhookSigner.test().sign(body);
		this.slow.hold();
		this.hangUps.arm();
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/clerk"))
			.timeout(Duration.ofSeconds(1))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		CompletableFuture<HttpResponse<String>> sent = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(this.slow.entered.await(30, TimeUnit.SECONDS)).as("the handler runs").isTrue();
		// The client gives up after its timeout: the JDK reports it as the timeout, or,
		// when the closing of the connection wins the race, as that closing.
		assertThat(sent).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOfAny(HttpTimeoutException.class, IOException.class)
			.satisfies((cause) -> assertThat(cause instanceof HttpTimeoutException
					|| String.valueOf(cause.getMessage()).contains("closed locally"))
				.as("the client's own hang-up, not the server's: %s", cause)
				.isTrue());
		assertThat(this.hangUps.cancelled.await(30, TimeUnit.SECONDS)).as("the server saw the hang-up").isTrue();
		this.slow.release.countDown();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.inbox.find(headers.get("svix-id")))
				.hasValueSatisfying((stored) -> assertThat(stored.status()).isEqualTo(WebhookEventStatus.PROCESSED)));
		assertThat(this.slow.interrupted).as("the handler was left to finish").isFalse();
		assertThat(this.slow.finished).isTrue();
		assertThat(this.users.findByClerkId("user_hangup")).isPresent();
		assertThat(this.webhooks.post(body, headers).body()).contains("\"status\":\"duplicate\"");
	}

	@Test
	void aBadSignatureIs401AndNothingIsStored() {
		String body = ClerkEvents.userCreated(ClerkData.user("user_forged").email("f@example.com")).toJson();
		Map<String, String> headers = new ClerkWebhookSigner(
				"whsec_" + Base64.getEncoder().encodeToString("another-secret-of-24-bytes".getBytes()))
			.sign(body);
		Delivery delivery = this.webhooks.post(body, headers);
		assertThat(delivery.status()).isEqualTo(401);
		assertThat(delivery.body()).contains("\"reason\":\"invalid-signature\"");
		assertThat(this.users.findByClerkId("user_forged")).isEmpty();
		assertThat(this.inbox.find(headers.get("svix-id"))).isEmpty();
	}

	/**
	 * A delivery proves itself by its signature alone: a bearer header that Svix was
	 * configured to add (or a gateway added) is no reason to refuse a signed delivery.
	 */
	@Test
	void aSignedDeliveryIsProcessedWhateverAuthorizationHeaderItCarries() {
		String body = ClerkEvents.userCreated(ClerkData.user("user_bearer").email("bearer@example.com")).toJson();
		Map<String, String> headers = new LinkedHashMap<>(ClerkWebhookSigner.test().sign(body));
		headers.put("Authorization", "Bearer not-a-clerk-token");
		Delivery delivery = this.webhooks.post(body, headers);
		assertThat(delivery.status()).isEqualTo(200);
		assertThat(this.users.findByClerkId("user_bearer")).isPresent();
	}

	@Test
	void missingHeadersAre400() {
		Delivery delivery = this.webhooks.post("{}", Map.of());
		assertThat(delivery.status()).isEqualTo(400);
		assertThat(delivery.body()).contains("\"reason\":\"missing-headers\"");
	}

	@Test
	void aSignedBodyThatIsNoClerkEventIsKeptAsFailedAndAnswered200() {
		String body = "not json at all";
		Map<String, String> headers = ClerkWebhookSigner.test().sign(body);
		Delivery delivery = this.webhooks.post(body, headers);
		assertThat(delivery.status()).isEqualTo(200);
		assertThat(delivery.body()).contains("\"status\":\"failed\"").contains("\"reason\":\"invalid-json\"");
		assertThat(this.inbox.find(headers.get("svix-id")).orElseThrow().status()).isEqualTo(WebhookEventStatus.FAILED);
	}

	@Test
	void otherMethodsAre405() {
		ReactiveTestClient.to(this.port)
			.get()
			.uri("/webhooks/clerk")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST")
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("method-not-allowed");
	}

	@Test
	void aBodyOverTheLimitIs413() {
		String big = "{\"type\": \"user.created\", \"data\": {\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}}";
		Delivery delivery = this.webhooks.post(big, ClerkWebhookSigner.test().sign(big));
		assertThat(delivery.status()).isEqualTo(413);
	}

	/**
	 * An application's handler of {@code user.created} that, once {@link #hold() held},
	 * waits for {@link #release} (returning at once when interrupted, as many do).
	 */
	static class SlowHandler implements ClerkWebhookHandler {

		volatile CountDownLatch entered = new CountDownLatch(0);

		volatile CountDownLatch release = new CountDownLatch(0);

		volatile boolean interrupted;

		volatile boolean finished;

		void hold() {
			this.entered = new CountDownLatch(1);
			this.release = new CountDownLatch(1);
			this.interrupted = false;
			this.finished = false;
		}

		@Override
		public boolean supports(String eventType) {
			return eventType.equals("user.created");
		}

		@Override
		public void handle(ClerkWebhookEvent event) {
			if (this.release.getCount() == 0) {
				return;
			}
			this.entered.countDown();
			try {
				this.finished = this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				this.interrupted = true;
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Counts down when the server cancels the answer to a webhook delivery: its sender
	 * hung up.
	 */
	static class HangUps implements WebFilter {

		volatile CountDownLatch cancelled = new CountDownLatch(1);

		void arm() {
			this.cancelled = new CountDownLatch(1);
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			CountDownLatch cancelled = this.cancelled;
			return chain.filter(exchange).doOnCancel(cancelled::countDown);
		}

	}

	/**
	 * An application's handler of {@code user.created}, which fails for an outage of its
	 * database while {@link #failures} is positive.
	 */
	static class FlakyHandler implements ClerkWebhookHandler {

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger handled = new AtomicInteger();

		/** What runs, once, when the next event is handled, in its transaction. */
		final AtomicReference<@Nullable Runnable> meanwhile = new AtomicReference<>();

		@Override
		public boolean supports(String eventType) {
			return eventType.equals("user.created");
		}

		@Override
		public void handle(ClerkWebhookEvent event) {
			Runnable meanwhile = this.meanwhile.getAndSet(null);
			if (meanwhile != null) {
				meanwhile.run();
			}
			if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new TransientDataAccessResourceException("the application's database is unavailable");
			}
			this.handled.incrementAndGet();
		}

	}

}
