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
 * Arguments: {@code [events] [senders] [rounds] [warm-up]}, default 5000 events, 8
 * senders, 5 rounds, and a warm-up of twice 3000 events on each path.
 */
public final class WebhookThroughputBenchmark {

	private WebhookThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		int senders = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int warmUp = (args.length > 3) ? Integer.parseInt(args[3]) : 3000;
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

				// Warm-up of both paths, until the JIT compilers have compiled what each
				// runs (the webhook path runs far more code than the baseline, so a short
				// warm-up weighs on it more). Then the tables' statistics, as autovacuum
				// keeps them on a running server: without them, the plans PostgreSQL
				// cached for an empty table scan the whole table, a cost that grows with
				// each row until the first automatic analyze.
				for (int pass = 0; pass < 2; pass++) {
					int offset = pass * warmUp;
					ConcurrentSenders.requestsPerSecond(client, senders, warmUp,
							(i) -> signed(webhook, signer, event.apply(-1 - offset - i)));
					ConcurrentSenders.requestsPerSecond(client, senders, warmUp,
							(i) -> plain(baseline, event.apply(-10_000_000 - offset - i)));
				}
				jdbc.execute("analyze clerk_users, clerk_webhook_events, bench_events");

				// Rounds alternate which path goes first, so that a change of the
				// machine's load during the run weighs on both alike.
				int perRound = events / rounds;
				double[] ratios = new double[rounds];
				double baselineSeconds = 0;
				double webhookSeconds = 0;
				Cpu baselineCpu = Cpu.NONE;
				Cpu webhookCpu = Cpu.NONE;
				for (int round = 0; round < rounds; round++) {
					int first = round * perRound;
					IntFunction<HttpRequest> plainRequests = (i) -> plain(baseline, event.apply(1_000_000 + first + i));
					IntFunction<HttpRequest> signedRequests = (i) -> signed(webhook, signer, event.apply(first + i));
					double baselineRound;
					double webhookRound;
					Cpu start = Cpu.used(postgres);
					if (round % 2 == 0) {
						baselineRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, plainRequests);
						Cpu between = Cpu.used(postgres);
						webhookRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, signedRequests);
						baselineCpu = baselineCpu.plus(between.minus(start));
						webhookCpu = webhookCpu.plus(Cpu.used(postgres).minus(between));
					}
					else {
						webhookRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, signedRequests);
						Cpu between = Cpu.used(postgres);
						baselineRound = ConcurrentSenders.requestsPerSecond(client, senders, perRound, plainRequests);
						webhookCpu = webhookCpu.plus(between.minus(start));
						baselineCpu = baselineCpu.plus(Cpu.used(postgres).minus(between));
					}
					baselineSeconds += perRound / baselineRound;
					webhookSeconds += perRound / webhookRound;
					ratios[round] = webhookRound / baselineRound;
					System.out.printf("  round %d: signed %.0f/s, baseline %.0f/s, ratio %.2f%n", round + 1,
							webhookRound, baselineRound, ratios[round]);
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
						webhookCpu.total() / 1e6 / events, baselineCpu.total() / 1e6 / events,
						(double) baselineCpu.total() / webhookCpu.total());
				System.out.printf("    of which PostgreSQL: signed user.created %.2f ms, baseline %.2f ms%n",
						webhookCpu.database() / 1e6 / events, baselineCpu.database() / 1e6 / events);
				System.out.printf("  users committed %d of %d; events processed %d%n", users, events,
						processed - 2 * warmUp);
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
	 * CPU time used by this JVM and the PostgreSQL server with its backends, and the
	 * server's part of it. On a machine shared with other work this weighs the two paths
	 * by what they cost, not by what the machine had to spare at the time.
	 *
	 * @param total all of it, in nanoseconds
	 * @param database PostgreSQL's part, in nanoseconds
	 */
	private record Cpu(long total, long database) {

		static final Cpu NONE = new Cpu(0, 0);

		/**
		 * The CPU time used so far.
		 */
		static Cpu used(List<ProcessHandle> postgres) {
			long database = 0;
			for (ProcessHandle server : postgres) {
				database += cpu(server);
				for (ProcessHandle backend : server.descendants().toList()) {
					database += cpu(backend);
				}
			}
			return new Cpu(cpu(ProcessHandle.current()) + database, database);
		}

		Cpu plus(Cpu other) {
			return new Cpu(this.total + other.total, this.database + other.database);
		}

		Cpu minus(Cpu other) {
			return new Cpu(this.total - other.total, this.database - other.database);
		}

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
