package dev.clerkusers.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a ban takes to reach another instance: two instances of the application on one
 * PostgreSQL database; a user is accepted on B (and cached there), then a signed
 * {@code user.updated} with {@code banned: true} is delivered to A. The time is measured
 * from A's 200 to the first 401 on B, which is polled without pause. The control run does
 * the same against an instance started with {@code clerk.cache.invalidation=none}, which
 * keeps serving the cached user until {@code clerk.cache.user-ttl} ends; it is polled for
 * one second only.
 * <p>
 * Arguments: {@code [runs]}, default 100.
 */
public final class InvalidationPropagationBenchmark {

	private static final long CONTROL_WINDOW_NANOS = 1_000_000_000L;

	private InvalidationPropagationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			TestDatabase database = ClerkTestDatabases.create();
			ConfigurableApplicationContext a = BenchmarkApplication.start(clerk, database, true);
			ConfigurableApplicationContext b = BenchmarkApplication.start(clerk, database, true);
			ConfigurableApplicationContext control = BenchmarkApplication.start(clerk, database, true,
					"clerk.cache.invalidation=none");
			try {
				HttpClient http = HttpClient.newHttpClient();
				ClerkWebhookSigner signer = ClerkWebhookSigner.test();
				URI webhook = URI.create("http://localhost:" + port(a) + "/webhooks/clerk");
				URI onB = URI.create("http://localhost:" + port(b) + "/api/me");
				URI onControl = URI.create("http://localhost:" + port(control) + "/api/me");
				for (int i = 0; i < 20; i++) {
					propagation(clerk, http, signer, webhook, onB, "user_warm_" + i, Long.MAX_VALUE);
				}
				List<Long> delays = new ArrayList<>();
				for (int i = 0; i < runs; i++) {
					delays.add(propagation(clerk, http, signer, webhook, onB, "user_prop_" + i, Long.MAX_VALUE));
				}
				long controlDelay = propagation(clerk, http, signer, webhook, onControl, "user_control",
						CONTROL_WINDOW_NANOS);
				Collections.sort(delays);
				System.out.printf("%nInvalidation propagation (%d runs, 2 instances, one PostgreSQL 17 embedded)%n",
						runs);
				System.out.printf("  webhook 200 on A -> first 401 on B, median : %8.2f ms%n",
						delays.get(delays.size() / 2) / 1e6);
				System.out.printf("  webhook 200 on A -> first 401 on B, p90    : %8.2f ms%n",
						delays.get(delays.size() * 9 / 10) / 1e6);
				System.out.printf("  webhook 200 on A -> first 401 on B, worst  : %8.2f ms%n",
						delays.get(delays.size() - 1) / 1e6);
				System.out.printf("  control, clerk.cache.invalidation=none     : %s%n",
						(controlDelay < 0) ? "still accepted after 1 s (until clerk.cache.user-ttl)"
								: String.format("%.2f ms", controlDelay / 1e6));
			}
			finally {
				control.close();
				b.close();
				a.close();
			}
		}
		System.exit(0);
	}

	/**
	 * Bans a new user through A and polls B; returns nanoseconds from A's 200 to B's
	 * first 401, or -1 when B still accepted the user after {@code limitNanos}.
	 */
	private static long propagation(FakeClerkBackend clerk, HttpClient http, ClerkWebhookSigner signer, URI webhook,
			URI target, String userId, long limitNanos) throws Exception {
		Instant created = Instant.now().minusSeconds(60);
		clerk.addUser(ClerkData.user(userId).email(userId + "@example.com").updatedAt(created));
		String token = "Bearer " + clerk.tokens().token(userId);
		HttpRequest me = HttpRequest.newBuilder(target).header("Authorization", token).GET().build();
		// The first request stores the user (first sight), the second serves it from the
		// target's user cache, which the ban must reach.
		for (int i = 0; i < 2; i++) {
			int status = http.send(me, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status != 200) {
				throw new IllegalStateException("The user was not accepted before the ban: " + status);
			}
		}
		ClerkEvent ban = ClerkEvents
			.userUpdated(ClerkData.user(userId).email(userId + "@example.com").banned(true).updatedAt(Instant.now()));
		String body = ban.toJson();
		HttpRequest.Builder delivery = HttpRequest.newBuilder(webhook)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		for (Map.Entry<String, String> header : signer.sign(ban.messageId(), Instant.now(), body).entrySet()) {
			delivery.header(header.getKey(), header.getValue());
		}
		int delivered = http.send(delivery.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		long acknowledged = System.nanoTime();
		if (delivered != 200) {
			throw new IllegalStateException("The ban was answered " + delivered);
		}
		while (System.nanoTime() - acknowledged < limitNanos) {
			int answer = http.send(me, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (answer == 401) {
				return System.nanoTime() - acknowledged;
			}
			if (answer != 200) {
				throw new IllegalStateException("Unexpected answer " + answer);
			}
		}
		return -1;
	}

	private static int port(ConfigurableApplicationContext application) {
		return application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
