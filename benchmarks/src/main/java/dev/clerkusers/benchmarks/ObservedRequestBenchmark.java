package dev.clerkusers.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Executors;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The cost of clerk-users' observations on whole authenticated requests over HTTP: one
 * instance without an {@code ObservationRegistry}, and one whose registry records
 * observations as timers (Micrometer's {@code DefaultMeterObservationHandler}, as Spring
 * Boot sets it up) and lets only clerk-users' observations through (an
 * {@code ObservationPredicate}, so that Spring MVC's and Spring Security's own
 * observations do not count), on one database, sent the same requests (a repeated Clerk
 * token on {@code GET /api/me}) in alternating rounds, in the same run.
 * <p>
 * Arguments: {@code [requests per round] [rounds] [senders]}, default 5000, 6 and 4.
 */
public final class ObservedRequestBenchmark {

	private ObservedRequestBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 6;
		int senders = (args.length > 2) ? Integer.parseInt(args[2]) : 4;
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_observed").email("observed@example.com"));
			TestDatabase database = ClerkTestDatabases.create();
			ConfigurableApplicationContext plain = BenchmarkApplication.start(clerk, database, true);
			ConfigurableApplicationContext observed = BenchmarkApplication.start(clerk, database, true,
					new Class<?>[] { ObservedConfiguration.class });
			try {
				String token = "Bearer " + clerk.tokens().session("user_observed").lifetime(Duration.ofHours(1)).sign();
				HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(senders)).build();
				HttpRequest onPlain = request(plain, token);
				HttpRequest onObserved = request(observed, token);
				ConcurrentSenders.requestsPerSecond(http, senders, 2000, (i) -> onPlain);
				ConcurrentSenders.requestsPerSecond(http, senders, 2000, (i) -> onObserved);
				double plainRate = 0;
				double observedRate = 0;
				for (int round = 0; round < rounds; round++) {
					plainRate += ConcurrentSenders.requestsPerSecond(http, senders, requests, (i) -> onPlain);
					observedRate += ConcurrentSenders.requestsPerSecond(http, senders, requests, (i) -> onObserved);
				}
				long observations = (long) observed.getBean(MeterRegistry.class)
					.get("clerk.token.verification")
					.timer()
					.count();
				System.out.printf("%nObserved requests (%d rounds of %d, %d senders, repeated token, GET /api/me)%n",
						rounds, requests, senders);
				System.out.printf("  without an ObservationRegistry : %8.0f requests/s%n", plainRate / rounds);
				System.out.printf("  observed (timers)              : %8.0f requests/s%n", observedRate / rounds);
				System.out.printf("  ratio                          : %8.3f%n", observedRate / plainRate);
				System.out.printf("  clerk.token.verification count : %d%n", observations);
			}
			finally {
				observed.close();
				plain.close();
			}
		}
		System.exit(0);
	}

	private static HttpRequest request(ConfigurableApplicationContext application, String token) {
		int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
			.header("Authorization", token)
			.GET()
			.build();
	}

	/**
	 * An observation registry recording timers in a meter registry.
	 */
	static class ObservedConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			// Only clerk-users' observations: Spring MVC's and Spring Security's own
			// would be measured too otherwise.
			registry.observationConfig()
				.observationHandler(new DefaultMeterObservationHandler(meters))
				.observationPredicate((name, context) -> name.startsWith("clerk."));
			return registry;
		}

	}

}
