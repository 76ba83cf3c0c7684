package dev.clerkusers.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events per second end to end: a signed {@code user.created} delivery over HTTP until
 * its user row is committed (the 200 is sent after the commit), on PostgreSQL, with
 * concurrent senders. The baseline, measured in the same run against the same
 * application, posts the same JSON to an ordinary endpoint that inserts one row. A second
 * reference, {@link SameStatementsController}, runs the statements of a delivery in one
 * transaction by hand, without the library: between it and the baseline is the price of
 * the guarantees, between the webhook and it the library's own work. With
 * {@code -Dbench.grouped=true}, two more, {@link GroupedStatementsController}, run the
 * same statements for the deliveries that arrive together in one transaction.
 * <p>
 * The test kit's PostgreSQL does not flush commits to disk; {@code -Dbench.durable=true}
 * runs the application on an embedded PostgreSQL of its own with {@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on, as a production database
 * has them.
 * <p>
 * The events are sent in rounds, each measuring every path once, the first path rotating;
 * the rates are over all rounds, and the ratio of each round is shown too, as the spread
 * a shared machine adds.
 * <p>
 * Arguments: {@code [events] [senders] [rounds] [warm-up]}, default 5000 events, 8
 * senders, 5 rounds, and a warm-up of twice 3000 events on each path.
 */
public final class WebhookThroughputBenchmark {

	/** The index of the plain insert among the paths, which the ratios refer to. */
	private static final int BASELINE = 1;

	private WebhookThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		int senders = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int warmUp = (args.length > 3) ? Integer.parseInt(args[3]) : 3000;
		boolean durable = Boolean.getBoolean("bench.durable");
		// The test kit's server is tuned for tests: commits not flushed to disk. A
		// production database flushes each commit.
		EmbeddedPostgres durableServer = durable ? EmbeddedPostgres.builder()
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("max_connections", "100")
			.start() : null;
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			ConfigurableApplicationContext application = (durableServer != null)
					? BenchmarkApplication.start(clerk,
							new TestDatabase(durableServer.getJdbcUrl("postgres", "postgres"), "postgres", null), true)
					: BenchmarkApplication.start(clerk, true);
			try {
				int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				JdbcTemplate jdbc = application.getBean(JdbcTemplate.class);
				String databaseUrl = application.getEnvironment().getRequiredProperty("spring.datasource.url");
				List<ProcessHandle> postgres = postgres(URI.create(databaseUrl.substring("jdbc:".length())).getPort());
				if (durable) {
					System.out.println("PostgreSQL: fsync " + jdbc.queryForObject("show fsync", String.class)
							+ ", synchronous_commit " + jdbc.queryForObject("show synchronous_commit", String.class));
				}
				ClerkWebhookSigner signer = ClerkWebhookSigner.test();
				URI webhook = URI.create("http://localhost:" + port + "/webhooks/clerk");
				URI baseline = URI.create("http://localhost:" + port + "/baseline/events");
				URI sameStatements = URI.create("http://localhost:" + port + "/baseline/same-statements");
				URI groupedCommit = URI.create("http://localhost:" + port + "/baseline/grouped-commit");
				URI groupedBatch = URI.create("http://localhost:" + port + "/baseline/grouped-batch");
				HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(senders)).build();
				IntFunction<ClerkEvent> event = (i) -> ClerkEvents.userCreated(
						ClerkData.user("user_bench_" + i).email("bench" + i + "@example.com").name("Bench", "User"));
				// Each path has users of its own: the webhook's from 0, the plain
				// insert's from 10 million, the same statements' from 20 million, the
				// grouped ones' from 30 and 40 million; the warm-ups count down from
				// each.
				List<Path> paths = new ArrayList<>(List.of(
						new Path("signed user.created -> committed user row",
								(i) -> signed(webhook, signer, event.apply(i))),
						new Path("baseline: JSON POST -> one row inserted",
								(i) -> plain(baseline, event.apply(10_000_000 + i))),
						new Path("same statements in plain JDBC, no library",
								(i) -> plain(sameStatements, event.apply(20_000_000 + i)))));
				if (Boolean.getBoolean("bench.grouped")) {
					paths.add(new Path("same statements, commits shared (by hand)",
							(i) -> plain(groupedCommit, event.apply(30_000_000 + i))));
					paths.add(new Path("statements and commits shared (by hand)",
							(i) -> plain(groupedBatch, event.apply(40_000_000 + i))));
				}

				// Warm-up of every path, until the JIT compilers have compiled what each
				// runs (the webhook path runs far more code than the baseline, so a short
				// warm-up weighs on it more). Then the tables' statistics, as autovacuum
				// keeps them on a running server: without them, the plans PostgreSQL
				// cached for an empty table scan the whole table, a cost that grows with
				// each row until the first automatic analyze.
				for (int pass = 0; pass < 2; pass++) {
					int offset = -1 - pass * warmUp;
					for (Path path : paths) {
						ConcurrentSenders.requestsPerSecond(client, senders, warmUp,
								(i) -> path.requests().apply(offset - i));
					}
				}
				jdbc.execute("analyze clerk_users, clerk_webhook_events, bench_events");

				// Each round runs every path once, and the rounds rotate which path goes
				// first, so that a change of the machine's load during the run weighs on
				// all alike.
				int perRound = events / rounds;
				double[][] ratios = new double[paths.size()][rounds];
				double[] seconds = new double[paths.size()];
				Cpu[] cpu = new Cpu[paths.size()];
				Arrays.fill(cpu, Cpu.NONE);
				for (int round = 0; round < rounds; round++) {
					int first = round * perRound;
					double[] rates = new double[paths.size()];
					for (int k = 0; k < paths.size(); k++) {
						int p = (round + k) % paths.size();
						Cpu before = Cpu.used(postgres);
						rates[p] = ConcurrentSenders.requestsPerSecond(client, senders, perRound,
								(i) -> paths.get(p).requests().apply(first + i));
						cpu[p] = cpu[p].plus(Cpu.used(postgres).minus(before));
						seconds[p] += perRound / rates[p];
					}
					StringBuilder line = new StringBuilder("  round " + (round + 1) + ":");
					for (int p = 0; p < paths.size(); p++) {
						ratios[p][round] = rates[p] / rates[BASELINE];
						line.append(String.format(" %.0f/s (%.2f)", rates[p], ratios[p][round]));
					}
					System.out.println(line);
				}
				events = perRound * rounds;
				// The webhook's users of the rounds: numbers below 10 million, not
				// negative.
				String measured = "'^user_bench_[0-9]{1,7}$'";
				long users = jdbc
					.queryForList("select count(*) from clerk_users where clerk_id ~ " + measured, Long.class)
					.get(0);
				long processed = jdbc
					.queryForList("select count(*) from clerk_webhook_events where status = 'processed'"
							+ " and payload -> 'data' ->> 'id' ~ " + measured, Long.class)
					.get(0);
				System.out.printf(
						"%nWebhook throughput (%d events, %d concurrent senders, PostgreSQL 17 embedded, %s)%n", events,
						senders, durable ? "commits flushed to disk" : "tuned for tests: commits not flushed");
				System.out.printf("  %-44s %8s %8s %s%n", "", "events/s", "ratio",
						"ratio per round: low / median / high");
				for (int p = 0; p < paths.size(); p++) {
					Arrays.sort(ratios[p]);
					System.out.printf("  %-44s %8.0f %8.2f %.2f / %.2f / %.2f%n", paths.get(p).label(),
							events / seconds[p], seconds[BASELINE] / seconds[p], ratios[p][0], ratios[p][rounds / 2],
							ratios[p][rounds - 1]);
				}
				System.out.printf(
						"  CPU per event, this JVM (senders included) and PostgreSQL (%d server processes found):%n",
						postgres.size());
				for (int p = 0; p < paths.size(); p++) {
					System.out.printf("  %-44s %.2f ms, of which PostgreSQL %.2f ms%n", paths.get(p).label(),
							cpu[p].total() / 1e6 / events, cpu[p].database() / 1e6 / events);
				}
				System.out.printf("  users committed through the webhook %d of %d; events processed %d%n", users,
						events, processed);
				if (users != events || processed != events) {
					throw new IllegalStateException("Not every event created its user");
				}
			}
			finally {
				application.close();
			}
		}
		finally {
			if (durableServer != null) {
				durableServer.close();
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
	 * A path measured: its label and the request for each user number.
	 *
	 * @param label the label
	 * @param requests the request for each number
	 */
	private record Path(String label, IntFunction<HttpRequest> requests) {

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
