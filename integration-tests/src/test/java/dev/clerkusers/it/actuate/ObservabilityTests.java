package dev.clerkusers.it.actuate;

import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.machine.MachineSecurityConfiguration;
import dev.clerkusers.security.ClerkAuthenticationException;
import dev.clerkusers.security.ClerkAuthenticationObservationContext;
import dev.clerkusers.security.ClerkAuthenticationObservationConvention;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkSyncObservationContext;
import dev.clerkusers.sync.ClerkSyncObservationConvention;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import dev.clerkusers.webhook.ClerkWebhookObservationContext;
import dev.clerkusers.webhook.ClerkWebhookObservationConvention;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationConvention;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token verification, webhook processing, sync runs and the caches are observed through
 * Micrometer with low-cardinality tags only, and Spring Security's authentication events
 * are published for Clerk tokens.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.session-cookie.enabled=true")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, MachineSecurityConfiguration.class, ObservabilityTests.Events.class,
		ObservabilityTests.Conventions.class })
class ObservabilityTests {

	/** Every tag key a clerk-users meter may carry; none of them holds an id. */
	private static final Set<String> LOW_CARDINALITY_KEYS = Set.of("clerk.token.source", "clerk.token.type", "outcome",
			"reason", "clerk.webhook.type", "operation", "result", "dry-run", "cache", "error", "exception",
			"application");

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ClerkSync sync;

	@Autowired
	Events events;

	@Autowired
	AuditEventRepository audit;

	HttpTestClient api;

	@BeforeEach
	void setUp() {
		this.api = HttpTestClient.api(this.port);
		this.clerk.addUser(ClerkData.user("user_obs").email("obs@example.com"));
	}

	@Test
	void tokenVerificationsAreTimedByOutcomeReasonAndSource() {
		String[] header = { "clerk.token.source", "header", "outcome", "accepted", "reason", "none" };
		String[] cookie = { "clerk.token.source", "cookie", "outcome", "accepted", "reason", "none" };
		String[] expiredTags = { "clerk.token.source", "header", "outcome", "refused", "reason", "token-expired" };
		long headers = count("clerk.token.verification", header);
		long cookies = count("clerk.token.verification", cookie);
		long refusals = count("clerk.token.verification", expiredTags);
		String token = this.clerk.tokens().token("user_obs");
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		assertThat(this.api.get("/api/me", "Cookie", "__session=" + token).status()).isEqualTo(200);
		String expired = this.clerk.tokens().session("user_obs").expired().sign();
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + expired).status()).isEqualTo(401);

		assertThat(count("clerk.token.verification", header)).isEqualTo(headers + 1);
		assertThat(count("clerk.token.verification", cookie)).isEqualTo(cookies + 1);
		assertThat(count("clerk.token.verification", expiredTags)).isEqualTo(refusals + 1);
	}

	/**
	 * Each verification is tagged with the type of its token ({@code clerk.token.type}),
	 * so that an operator tells the sign-ins of users from those of machines: the type a
	 * chain accepted, the type a refused token reads as (a machine token sent where only
	 * session tokens are taken), {@code unknown} for a request whose token could not be
	 * read or is of no type's form (neither a JWT nor a machine token).
	 */
	@Test
	void tokenVerificationsAreTaggedWithTheTypeOfTheirToken() {
		String[] session = { "clerk.token.source", "header", "clerk.token.type", "session_token", "outcome", "accepted",
				"reason", "none" };
		String[] apiKey = { "clerk.token.source", "header", "clerk.token.type", "api_key", "outcome", "accepted",
				"reason", "none" };
		String[] m2mRefused = { "clerk.token.source", "header", "clerk.token.type", "m2m_token", "outcome", "refused",
				"reason", "token-type-mismatch" };
		String[] unreadable = { "clerk.token.source", "header", "clerk.token.type", "unknown", "outcome", "refused",
				"reason", "token-invalid" };
		long sessions = count("clerk.token.verification", session);
		long apiKeys = count("clerk.token.verification", apiKey);
		long m2mRefusals = count("clerk.token.verification", m2mRefused);
		long unreadables = count("clerk.token.verification", unreadable);
		this.clerk.addUser(ClerkData.user("user_reporter").email("reporter@example.com"));
		String token = this.clerk.tokens().token("user_obs");
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + token).status()).isEqualTo(200);
		assertThat(this.api.get("/machine/reports", "Authorization", this.clerk.createApiKey("user_reporter").bearer())
			.status()).isEqualTo(200);
		String m2m = this.clerk.tokens().m2mToken("mch_sender").sign();
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + m2m).status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", "Authorization", "Bearer ").status()).isEqualTo(401);
		// Black-box run 216: a token of no type's form was tagged session_token.
		for (String garbage : List.of("garbage.not.a.token", "abc", "a.b", "%%%.%%%.%%%")) {
			assertThat(this.api.get("/api/me", "Authorization", "Bearer " + garbage).status()).isEqualTo(401);
			assertThat(this.api.get("/machine/mixed/x", "Authorization", "Bearer " + garbage).status()).isEqualTo(401);
		}

		assertThat(count("clerk.token.verification", session)).isEqualTo(sessions + 1);
		assertThat(count("clerk.token.verification", apiKey)).isEqualTo(apiKeys + 1);
		assertThat(count("clerk.token.verification", m2mRefused)).isEqualTo(m2mRefusals + 1);
		assertThat(count("clerk.token.verification", unreadable)).isEqualTo(unreadables + 9);
	}

	/**
	 * The in-flight timer of verifications carries the token's type from the start
	 * (black-box run 347: a first sign-in held by Clerk was counted under
	 * {@code clerk.token.type=unknown}, the type of an unreadable token).
	 */
	@Test
	void aVerificationInFlightIsTaggedWithTheTypeOfItsToken() throws Exception {
		this.clerk.addUser(ClerkData.user("user_in_flight").email("in-flight@example.com"));
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.clerk.afterEachRequest((request) -> {
			if (request.path().endsWith("/users/user_in_flight")) {
				held.countDown();
				await(release);
			}
		});
		String token = "Bearer " + this.clerk.tokens().token("user_in_flight");
		CompletableFuture<Integer> status = CompletableFuture
			.supplyAsync(() -> this.api.get("/api/me", "Authorization", token).status());
		try {
			assertThat(held.await(10, TimeUnit.SECONDS)).as("the first sign-in reached Clerk").isTrue();
			LongTaskTimer active = this.meters.find("clerk.token.verification.active")
				.tags("clerk.token.source", "header", "clerk.token.type", "session_token", "outcome", "unknown")
				.longTaskTimer();
			assertThat(active).isNotNull();
			assertThat(active.activeTasks()).isOne();
		}
		finally {
			release.countDown();
		}
		assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
		this.clerk.reset();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An application's {@code ObservationConvention} bean for a kind of observation is
	 * used for it: here each adds a tag to the library's own.
	 */
	@Test
	void theApplicationsObservationConventionsAreUsed() {
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_obs")).status())
			.isEqualTo(200);
		ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.from(this.clerk)
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_convention").email("convention@example.com")));
		this.sync.sync(SyncOptions.all(), (progress) -> {
		});
		assertThat(count("clerk.token.verification", "application", "demo", "outcome", "accepted")).isPositive();
		assertThat(count("clerk.webhook.processing", "application", "demo", "outcome", "processed")).isPositive();
		assertThat(count("clerk.sync", "application", "demo", "operation", "sync")).isPositive();
	}

	/**
	 * Black-box run 71: a refused token published Spring Security's
	 * {@code AuthenticationFailureProviderNotFoundEvent} alone, from the form-login
	 * manager that the chain's asked after the Clerk provider refused it (the
	 * {@code ClerkAuthenticationException} itself was mapped to no event), so that Spring
	 * Boot's audit recorded a missing provider instead of the reason.
	 */
	@Test
	void spring_SecuritysAuthenticationEventsArePublishedForClerkTokens() {
		this.events.received.clear();
		this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_obs"));
		this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().session("user_obs").expired().sign());
		assertThat(this.events.received).hasSize(2);
		assertThat(this.events.received.get(0)).isInstanceOfSatisfying(AuthenticationSuccessEvent.class,
				(success) -> assertThat(success.getAuthentication()).isInstanceOf(ClerkAuthenticationToken.class));
		assertThat(this.events.received.get(1)).isInstanceOfSatisfying(AuthenticationFailureBadCredentialsEvent.class,
				(failure) -> assertThat(failure.getException()).isInstanceOfSatisfying(
						ClerkAuthenticationException.class,
						(refusal) -> assertThat(refusal.getCode()).isEqualTo("token-expired")));
	}

	/**
	 * Black-box run 172: a bearer header without a token, and two {@code Authorization}
	 * headers, were refused before the provider saw them: answered 401
	 * {@code token-invalid}, but neither timed nor published, so the refusal alerts and
	 * Boot's audit missed exactly these requests.
	 */
	@Test
	void aRequestRefusedForItsHeadersIsTimedAndPublishedAsEveryRefusal() {
		String[] malformed = { "clerk.token.source", "header", "outcome", "refused", "reason", "token-invalid" };
		long before = count("clerk.token.verification", malformed);
		this.events.received.clear();
		String token = this.clerk.tokens().token("user_obs");
		assertThat(this.api.get("/api/me", "Authorization", "Bearer ").status()).isEqualTo(401);
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token)
			.status()).isEqualTo(401);
		assertThat(count("clerk.token.verification", malformed)).isEqualTo(before + 2);
		assertThat(this.events.received).hasSize(2)
			.allSatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(AuthenticationFailureBadCredentialsEvent.class,
							(failure) -> assertThat(failure.getException()).isInstanceOfSatisfying(
									ClerkAuthenticationException.class,
									(refusal) -> assertThat(refusal.getCode()).isEqualTo("token-invalid"))));
	}

	@Test
	void spring_SecuritysAuthenticationObservationTimesClerkTokens() {
		String[] clerkTokens = { "authentication.request.type", "ClerkTokenAuthenticationRequest" };
		long before = count("spring.security.authentications", clerkTokens);
		this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_obs"));
		assertThat(count("spring.security.authentications", clerkTokens)).isEqualTo(before + 1);
	}

	@Test
	void spring_BootsAuditRecordsWhyATokenWasRefused() {
		Instant before = Instant.now();
		this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().session("user_obs").expired().sign());
		assertThat(this.audit.find(null, before, "AUTHENTICATION_FAILURE")).singleElement()
			.satisfies((event) -> assertThat(event.getData()).containsEntry("type",
					ClerkAuthenticationException.class.getName()));
	}

	@Test
	void webhookProcessingIsTimedByTypeAndOutcome() {
		String[] processed = { "clerk.webhook.type", "user.created", "outcome", "processed" };
		String[] duplicate = { "clerk.webhook.type", "user.created", "outcome", "duplicate" };
		String[] stale = { "clerk.webhook.type", "user.updated", "outcome", "stale" };
		long processedBefore = count("clerk.webhook.processing", processed);
		long duplicateBefore = count("clerk.webhook.processing", duplicate);
		long staleBefore = count("clerk.webhook.processing", stale);
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.from(this.clerk);
		ClerkEvent created = ClerkEvents.userCreated(ClerkData.user("user_hook").email("hook@example.com"));
		assertThat(webhooks.deliver(created).status()).isEqualTo(200);
		assertThat(webhooks.deliver(created).status()).isEqualTo(200);
		ClerkEvent older = ClerkEvents.userUpdated(
				ClerkData.user("user_hook").email("hook@example.com").updatedAt(Instant.parse("2020-01-01T00:00:00Z")));
		assertThat(webhooks.deliver(older).status()).isEqualTo(200);

		assertThat(count("clerk.webhook.processing", processed)).isEqualTo(processedBefore + 1);
		assertThat(count("clerk.webhook.processing", duplicate)).isEqualTo(duplicateBefore + 1);
		assertThat(count("clerk.webhook.processing", stale)).isEqualTo(staleBefore + 1);
	}

	/**
	 * An {@code Error} a handler throws fails the event as an exception does, and is
	 * counted as a failed delivery, so that an alert on failed deliveries sees it.
	 */
	@Test
	void aHandlerThatThrowsAnErrorIsCountedAsAFailedDelivery() {
		String[] failed = { "clerk.webhook.type", "crm.broken", "outcome", "failed" };
		long before = count("clerk.webhook.processing", failed);
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
		assertThat(webhooks.deliver(ClerkEvents.of("crm.broken", Map.of("id", "crm_1"))).status()).isEqualTo(200);
		assertThat(count("clerk.webhook.processing", failed)).isEqualTo(before + 1);
		assertThat(this.meters.find("clerk.webhook.processing").tags("clerk.webhook.type", "crm.broken").timers())
			.extracting((timer) -> timer.getId().getTag("outcome"))
			.containsExactly("failed");
	}

	/**
	 * Black-box run 210, F1: a delivery answered 503 for an outage was measured with the
	 * {@code error} tag {@code none}, against operations.md ("the exception's class when
	 * the delivery ended in one, retry or error"), so that an operator could not tell
	 * from the metric what kind of outage made Svix retry.
	 */
	@Test
	void aDeliveryRetriedForAnOutageIsMeasuredWithItsException() {
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
		assertThat(webhooks.deliver(ClerkEvents.of("crm.unreachable", Map.of("id", "crm_2"))).status()).isEqualTo(503);
		assertThat(this.meters.find("clerk.webhook.processing").tags("clerk.webhook.type", "crm.unreachable").timers())
			.extracting((timer) -> timer.getId().getTag("outcome") + " " + timer.getId().getTag("error"))
			.containsExactly("retry ResourceAccessException");
	}

	/**
	 * A signed body that is no Clerk event is kept as failed, and counted as one, so that
	 * an alert on failed deliveries sees it.
	 */
	@Test
	void aSignedBodyThatIsNoClerkEventIsCountedAsAFailedDelivery() {
		String[] failed = { "clerk.webhook.type", "unreadable", "outcome", "failed" };
		long before = count("clerk.webhook.processing", failed);
		String body = "not json at all";
		ClerkWebhookClient webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
		assertThat(webhooks.post(body, ClerkWebhookSigner.test().sign(body)).status()).isEqualTo(200);
		assertThat(count("clerk.webhook.processing", failed)).isEqualTo(before + 1);
	}

	/**
	 * Boot times the Backend API calls; each carries its endpoint's template, listings
	 * included, and no id (the key fetch, to a URL of its own, carries {@code none}).
	 */
	@Test
	void backendApiCallsAreTimedByTheTemplateOfTheirEndpoint() {
		assertThat(this.api.get("/api/me", "Authorization", "Bearer " + this.clerk.tokens().token("user_obs")).status())
			.isEqualTo(200);
		this.sync.sync(SyncOptions.all(), (progress) -> {
		});
		Set<String> uris = this.meters.find("http.client.requests")
			.timers()
			.stream()
			.map((timer) -> timer.getId().getTag("uri"))
			.collect(Collectors.toSet());
		assertThat(uris).contains("/v1/users/{id}", "/v1/users", "/v1/organizations", "/v1/organization_memberships")
			.noneMatch((uri) -> uri.contains("user_"));
	}

	@Test
	void syncRunsAreTimedAndTheirRecordsCounted() {
		this.clerk.addUser(ClerkData.user("user_sync1").email("sync1@example.com"));
		this.clerk.addUser(ClerkData.user("user_sync2").email("sync2@example.com"));
		String[] completed = { "operation", "sync", "outcome", "completed", "dry-run", "false" };
		long before = count("clerk.sync", completed);
		this.sync.sync(SyncOptions.all(), (progress) -> {
		});
		assertThat(count("clerk.sync", completed)).isEqualTo(before + 1);
		assertThat(this.meters.get("clerk.sync.records")
			.tags("operation", "sync", "result", "created", "dry-run", "false")
			.counter()
			.count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theCachesReportHitsAndMissesThroughTheCaffeineBinder() {
		String token = "Bearer " + this.clerk.tokens().token("user_obs");
		double hits = gets("clerk.tokens", "hit");
		this.api.get("/api/me", "Authorization", token);
		this.api.get("/api/me", "Authorization", token);
		assertThat(gets("clerk.tokens", "hit")).isEqualTo(hits + 1);
		assertThat(this.meters.find("cache.size").tag("cache", "clerk.users").gauge()).isNotNull();
	}

	@Test
	void noMeterOfTheLibraryCarriesAnIdAnEmailOrAToken() {
		String token = this.clerk.tokens().token("user_obs");
		this.api.get("/api/me", "Authorization", "Bearer " + token);
		this.api.get("/api/me", "Authorization", "Bearer " + token + "x");
		ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk")
			.from(this.clerk)
			.deliver(ClerkEvents.userCreated(ClerkData.user("user_tags").email("tags@example.com")));
		List<Meter> clerkMeters = this.meters.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("clerk.")
					|| String.valueOf(meter.getId().getTag("cache")).startsWith("clerk."))
			.toList();
		assertThat(clerkMeters).isNotEmpty();
		Map<String, Set<String>> tagKeys = clerkMeters.stream()
			.collect(Collectors.toMap((meter) -> meter.getId().getName(),
					(meter) -> meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()),
					(a, b) -> {
						a.addAll(b);
						return a;
					}));
		tagKeys.forEach((name, keys) -> assertThat(keys).as(name).isSubsetOf(LOW_CARDINALITY_KEYS));
		List<String> values = clerkMeters.stream()
			.flatMap((meter) -> meter.getId().getTags().stream())
			.map(Tag::getValue)
			.toList();
		assertThat(values).noneMatch((value) -> value.startsWith("user_") || value.contains("@")
				|| value.startsWith("ey") || value.startsWith("sess_") || value.startsWith("msg_"));
	}

	private long count(String name, String... tags) {
		Timer timer = this.meters.find(name).tags(tags).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double gets(String cache, String result) {
		var counter = this.meters.find("cache.gets").tags("cache", cache, "result", result).functionCounter();
		return (counter != null) ? counter.count() : 0;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		final List<AbstractAuthenticationEvent> received = new CopyOnWriteArrayList<>();

		/**
		 * A handler with a bug that throws an {@code Error} on the events of its type.
		 */
		@Bean
		ClerkWebhookHandler brokenHandler() {
			return new ClerkWebhookHandler() {

				@Override
				public boolean supports(String eventType) {
					return eventType.equals("crm.broken");
				}

				@Override
				public void handle(ClerkWebhookEvent event) {
					throw new AssertionError("a bug of the application's handler");
				}

			};
		}

		/**
		 * A handler that calls another service of the application, which cannot be
		 * reached.
		 */
		@Bean
		ClerkWebhookHandler unreachableServiceHandler() {
			return new ClerkWebhookHandler() {

				@Override
				public boolean supports(String eventType) {
					return eventType.equals("crm.unreachable");
				}

				@Override
				public void handle(ClerkWebhookEvent event) {
					throw new ResourceAccessException("I/O error on POST request for \"http://crm.internal/contacts\"",
							new ConnectException("Connection refused"));
				}

			};
		}

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

		@Bean
		Object clerkAuthenticationEventRecorder() {
			return new Object() {

				@EventListener
				void on(AbstractAuthenticationEvent event) {
					if (event.getAuthentication() instanceof ClerkAuthenticationToken
							|| event instanceof AbstractAuthenticationFailureEvent) {
						Events.this.received.add(event);
					}
				}

			};
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Conventions {

		private static final KeyValue APPLICATION = KeyValue.of("application", "demo");

		@Bean
		ObservationConvention<ClerkAuthenticationObservationContext> tokenConvention() {
			return new ClerkAuthenticationObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ClerkAuthenticationObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(APPLICATION);
				}

			};
		}

		@Bean
		ObservationConvention<ClerkWebhookObservationContext> webhookConvention() {
			return new ClerkWebhookObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ClerkWebhookObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(APPLICATION);
				}

			};
		}

		@Bean
		ObservationConvention<ClerkSyncObservationContext> syncConvention() {
			return new ClerkSyncObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(ClerkSyncObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(APPLICATION);
				}

			};
		}

	}

}
