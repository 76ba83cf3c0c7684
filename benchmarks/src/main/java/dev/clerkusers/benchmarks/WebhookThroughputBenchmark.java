package dev.clerkusers.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events per second end to end: a signed {@code user.created} delivery over HTTP until
 * its user row is committed (the 200 is sent after the commit), on PostgreSQL, with
 * concurrent senders. The baseline, measured in the same run against the same
 * application, posts the same JSON to an ordinary endpoint that inserts one row.
 * <p>
 * The events are sent in rounds, each measuring both paths one after the other, the first
 * path alternating; the rates are over all rounds, and the ratio of each round is shown
 * too, as the spread a shared machine adds.
 * <p>
 * Arguments: {@code [events] [senders] [rounds]}, default 5000 events, 8 senders and 5
 * rounds.
 */
public final class WebhookThroughputBenchmark {

	private WebhookThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		int senders = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			ConfigurableApplicationContext application = BenchmarkApplication.start(clerk, true);
			try {
				int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				JdbcTemplate jdbc = application.getBean(JdbcTemplate.class);
				String databaseUrl = application.getEnvironment().getRequiredProperty("spring.datasource.url");
				List<ProcessHandle> postgres = postgres(URI.create(databaseUrl.substring("jdbc:".length())).getPort());
				ClerkWebhookSigner signer = ClerkWebhookSigner.test();
				URI webhook = URI.create("http://localhost:" + port + "/webhooks/clerk");
				URI baseline = URI.create("http://localhost:" + port + "/baseline/events");
				HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(senders)).build();
				IntFunction<ClerkEvent> event = (i) -> ClerkEvents.userCreated(
						ClerkData.user("user_bench_" + i).email("bench" + i + "@example.com").name("Bench", "User"));

				// Warm-up of both paths.
				ConcurrentSenders.requestsPerSecond(client, senders, 500,
						(i) -> signed(webhook, signer, event.apply(-1 - i)));
				ConcurrentSenders.requestsPerSecond(client, senders, 500,
						(i) -> plain(baseline, event.apply(-100_000 - i)));

				// Rounds alternate which path goes first, so that a change of the
				// machine's load during the run weighs on both alike.
				int perRound = events / rounds;
				double[] ratios = new double[rounds];
				double baselineSeconds = 0;
				double webhookSeconds = 0;
				long baselineCpu = 0;
				long webhookCpu = 0;
				for (int round = 0; round < rounds; round++) {
					int first = round * perRound;
					IntFunction<HttpRequest> plainRequests = (i) -> plain(baseline, event.apply(1_000_000 + first + i));
					IntFunction<HttpRequest> signedRequests = (i) -> signed(webhook, signer, event.apply(first + i));
					double baselineRound;
					double webhookRound;
					long cpu = cpuNanos(postgres);
					if (round % 2 == 0) {
						baselineRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, plainRequests);
						baselineCpu += cpuNanos(postgres) - cpu;
						cpu = cpuNanos(postgres);
						webhookRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, signedRequests);
						webhookCpu += cpuNanos(postgres) - cpu;
					}
					else {
						webhookRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, signedRequests);
						webhookCpu += cpuNanos(postgres) - cpu;
						cpu = cpuNanos(postgres);
						baselineRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, plainRequests);
						baselineCpu += cpuNanos(postgres) - cpu;
					}
					baselineSeconds += perRound / baselineRound;
					webhookSeconds += perRound / webhookRound;
					ratios[round] = webhookRound / baselineRound;
				}
				events = perRound * rounds;
				double baselineRate = events / baselineSeconds;
				double webhookRate = events / webhookSeconds;
				Arrays.sort(ratios);
				long users = jdbc.queryForList(
						"select count(*) from clerk_users where clerk_id like 'user_bench_%' and clerk_id not like 'user_bench_-%'",
						Long.class)
					.get(0);
				long processed = jdbc
					.queryForList("select count(*) from clerk_webhook_events where status = 'processed'", Long.class)
					.get(0);
				System.out.printf("%nWebhook throughput (%d events, %d concurrent senders, PostgreSQL 17 embedded)%n",
						events, senders);
				System.out.printf("  signed user.created -> committed user row : %8.0f events/s%n", webhookRate);
				System.out.printf("  baseline: JSON POST -> one row inserted   : %8.0f events/s%n", baselineRate);
				System.out.printf("  ratio to baseline                         : %8.2f%n", webhookRate / baselineRate);
				System.out.printf("  ratio per round, lowest / median / highest: %8.2f / %.2f / %.2f (%d rounds)%n",
						ratios[0], ratios[rounds / 2], ratios[rounds - 1], rounds);
				System.out.printf(
						"  CPU per event (this JVM, senders included, and PostgreSQL; %d server processes found):%n",
						postgres.size());
				System.out.printf("    signed user.created %.2f ms, baseline %.2f ms, ratio %.2f%n",
						webhookCpu / 1e6 / events, baselineCpu / 1e6 / events, (double) baselineCpu / webhookCpu);
				System.out.printf("  users committed %d of %d; events processed %d%n", users, events, processed - 500);
				if (users != events) {
					throw new IllegalStateException("Not every event created its user");
				}
			}
			finally {
				application.close();
			}
		}
		System.exit(0);
	}

	/**
	 * CPU time used so far by this JVM and the PostgreSQL server with its backends. On a
	 * machine shared with other work this weighs the two paths by what they cost, not by
	 * what the machine had to spare at the time.
	 */
	private static long cpuNanos(List<ProcessHandle> postgres) {
		long total = cpu(ProcessHandle.current());
		for (ProcessHandle server : postgres) {
			total += cpu(server);
			for (ProcessHandle backend : server.descendants().toList()) {
				total += cpu(backend);
			}
		}
		return total;
	}

	/**
	 * The PostgreSQL server listening on a port (it runs detached from this JVM).
	 */
	private static List<ProcessHandle> postgres(int port) {
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info()
				.commandLine()
				.filter((command) -> command.contains("postgres") && command.contains("-p " + port + " "))
				.isPresent())
			.toList();
	}

	private static long cpu(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	private static HttpRequest signed(URI uri, ClerkWebhookSigner signer, ClerkEvent event) {
		String body = event.toJson();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		for (Map.Entry<String, String> header : signer.sign(event.messageId(), Instant.now(), body).entrySet()) {
			request.header(header.getKey(), header.getValue());
		}
		return request.build();
	}

	private static HttpRequest plain(URI uri, ClerkEvent event) {
		return HttpRequest.newBuilder(uri)
			.POST(HttpRequest.BodyPublishers.ofString(event.toJson()))
			.header("Content-Type", "application/json")
			.build();
	}

}
