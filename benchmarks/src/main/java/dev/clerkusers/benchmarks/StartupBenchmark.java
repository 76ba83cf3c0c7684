package dev.clerkusers.benchmarks;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.clerkusers.startup.StartupApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;

/**
 * Time from launching a JVM to the first answered request, for {@link StartupApplication}
 * with the starter (and the organizations module) on the class path, configured as the
 * sample is and answering a request with a Clerk session token of a user it has never
 * seen (first key fetch, first Backend API call, first upsert), and the same application
 * without them: plain Boot with JPA, Flyway and Security, answering an HTTP Basic
 * request. Each launch gets a new, empty database, so both run their migrations; the
 * launches alternate between the two.
 * <p>
 * Arguments: {@code [launches]}, default 7 of each. The system property
 * {@code startup.jvm-options} adds options to the launched JVMs (a flight recording, or
 * {@code -Dstartup.steps=true}, which makes {@link StartupApplication} print its slowest
 * start-up steps); {@code startup.exclude} leaves the class path entries whose path
 * contains it out of the starter's launches ({@code clerk-users-organizations}, to
 * measure that module's share).
 */
public final class StartupBenchmark {

	private StartupBenchmark() {
	}

	/**
	 * Runs the benchmark and prints its figures.
	 * @param args the arguments described above
	 * @throws Exception when a launch or a call fails
	 */
	public static void main(String[] args) throws Exception {
		int launches = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		// Left out of the starter's launches: the test kit, which is the benchmark's, not
		// the application's, and what startup.exclude names (a module, to measure its
		// share).
		List<String> excluded = new ArrayList<>(List.of("clerk-users-test"));
		String exclude = System.getProperty("startup.exclude");
		if (exclude != null) {
			excluded.add(exclude);
		}
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> excluded.stream().noneMatch(entry::contains))
			.collect(Collectors.joining(File.pathSeparator));
		String plainClassPath = Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !entry.contains("clerk-users"))
			.collect(Collectors.joining(File.pathSeparator));
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long[] withStarter = new long[launches];
		long[] plain = new long[launches];
		long[] withStarterCpu = new long[launches];
		long[] plainCpu = new long[launches];
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			for (int i = 0; i < launches; i++) {
				String userId = "user_startup_" + i;
				clerk.addUser(ClerkData.user(userId).email("startup" + i + "@example.com"));
				Map<String, Object> clerkProperties = FakeClerkProperties.of(clerk);
				clerkProperties.put("spring.jpa.open-in-view", "false");
				clerkProperties.put("spring.jpa.hibernate.ddl-auto", "validate");
				// Minted for each attempt: a token lives a minute, a launch can take
				// longer.
				Supplier<String> bearer = () -> "Bearer " + clerk.tokens().token(userId);
				Supplier<String> basic = () -> "Basic "
						+ Base64.getEncoder().encodeToString("staff:secret".getBytes(StandardCharsets.UTF_8));
				Map<String, Object> plainProperties = Map.of("spring.security.user.name", "staff",
						"spring.security.user.password", "secret", "spring.jpa.open-in-view", "false",
						"spring.jpa.hibernate.ddl-auto", "validate");
				long[] starterLaunch;
				long[] plainLaunch;
				if (i % 2 == 0) {
					starterLaunch = launch(client, classPath, clerkProperties, bearer);
					plainLaunch = launch(client, plainClassPath, plainProperties, basic);
				}
				else {
					plainLaunch = launch(client, plainClassPath, plainProperties, basic);
					starterLaunch = launch(client, classPath, clerkProperties, bearer);
				}
				withStarter[i] = starterLaunch[0];
				withStarterCpu[i] = starterLaunch[1];
				plain[i] = plainLaunch[0];
				plainCpu[i] = plainLaunch[1];
				System.out.printf("launch %d: with the starter %d ms (CPU %d ms), plain %d ms (CPU %d ms)%n", i + 1,
						withStarter[i], withStarterCpu[i], plain[i], plainCpu[i]);
			}
		}
		Arrays.sort(withStarter);
		Arrays.sort(plain);
		Arrays.sort(withStarterCpu);
		Arrays.sort(plainCpu);
		System.out.printf("%nTime to the first answered request (%d launches each, a new database each)%n", launches);
		System.out.printf("  with the starter (sample's configuration)  : median %5d ms (min %d, max %d)%n",
				median(withStarter), withStarter[0], withStarter[launches - 1]);
		System.out.printf("  baseline: Boot, JPA, Flyway, Security      : median %5d ms (min %d, max %d)%n",
				median(plain), plain[0], plain[launches - 1]);
		System.out.printf("  overhead of the starter (medians)          : %5d ms%n",
				median(withStarter) - median(plain));
		System.exit(0);
	}

	/**
	 * Launches the application in a JVM of its own and returns the milliseconds until it
	 * answered a request 200, and the CPU milliseconds its JVM had used by then.
	 */
	private static long[] launch(HttpClient client, String classPath, Map<String, Object> properties,
			Supplier<String> authorization) throws Exception {
		TestDatabase database = ClerkTestDatabases.create();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + "/bin/java");
		// JVM options for the launched applications, to profile them for example.
		String jvmOptions = System.getProperty("startup.jvm-options", "");
		if (!jvmOptions.isBlank()) {
			command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
		}
		command.add("-cp");
		command.add(classPath);
		command.add(StartupApplication.class.getName());
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		command.add("--spring.datasource.url=" + database.jdbcUrl());
		command.add("--spring.datasource.username=" + database.username());
		command.add("--spring.flyway.locations=classpath:db/startup");
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		command.add("--logging.level.root=warn");
		URI ping = URI.create("http://localhost:" + port + "/startup/ping");
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/startup-benchmark.log")))
			.start();
		try {
			while (true) {
				if (!process.isAlive()) {
					throw new IllegalStateException("The application stopped; see target/startup-benchmark.log");
				}
				try {
					HttpRequest request = HttpRequest.newBuilder(ping)
						.header("Authorization", authorization.get())
						.timeout(Duration.ofSeconds(30))
						.build();
					HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200) {
						throw new IllegalStateException(response.statusCode() + " " + response.body());
					}
					long elapsed = (System.nanoTime() - start) / 1_000_000;
					long cpu = process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
					return new long[] { elapsed, cpu };
				}
				catch (java.net.ConnectException ex) {
					Thread.sleep(20);
				}
			}
		}
		finally {
			process.destroy();
			process.waitFor();
		}
	}

	private static long median(long[] sorted) {
		return sorted[sorted.length / 2];
	}

}
