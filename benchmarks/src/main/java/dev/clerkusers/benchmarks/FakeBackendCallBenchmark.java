package dev.clerkusers.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;

/**
 * Milliseconds per call to the test kit's {@link FakeClerkBackend}: {@code GET
 * /v1/users/{id}} over one kept-alive connection, one call after the other, as a test's
 * application calls it. The baseline, in the same run, is a JDK {@code HttpServer}
 * created after the fake (so with the same socket options) that answers a fixed body of
 * the same size: the floor of the transport.
 * <p>
 * Arguments: {@code [calls]}, default 200.
 */
public final class FakeBackendCallBenchmark {

	private FakeBackendCallBenchmark() {
	}

	/**
	 * Runs the benchmark and prints its figures.
	 * @param args the arguments described above
	 * @throws Exception when a launch or a call fails
	 */
	public static void main(String[] args) throws Exception {
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com").name("Ada", "Lovelace"));
			HttpClient client = HttpClient.newHttpClient();
			HttpRequest fake = HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/users/user_1"))
				.header("Authorization", "Bearer " + clerk.secretKey())
				.build();
			byte[] body = client.send(fake, HttpResponse.BodyHandlers.ofByteArray()).body();
			HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			plain.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			plain.start();
			try {
				HttpRequest baseline = HttpRequest
					.newBuilder(URI.create("http://" + plain.getAddress().getAddress().getHostAddress() + ":"
							+ plain.getAddress().getPort() + "/v1/users/user_1"))
					.build();
				time(client, fake, calls / 4);
				time(client, baseline, calls / 4);
				double fakeMillis = time(client, fake, calls);
				double baselineMillis = time(client, baseline, calls);
				System.out.printf("%nFake Clerk backend, %d sequential calls on one connection (%s=%s)%n", calls,
						"sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay"));
				System.out.printf("  GET /v1/users/{id} on the fake         : %8.2f ms/call%n", fakeMillis);
				System.out.printf("  baseline: plain JDK server, same body  : %8.2f ms/call%n", baselineMillis);
				System.out.printf("  ratio to baseline                      : %8.2f%n", fakeMillis / baselineMillis);
			}
			finally {
				plain.stop(0);
			}
		}
		System.exit(0);
	}

	private static double time(HttpClient client, HttpRequest request, int calls) throws Exception {
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			HttpResponse<String> response = client.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (response.statusCode() != 200) {
				throw new IllegalStateException(response.statusCode() + " " + response.body());
			}
		}
		return (System.nanoTime() - start) / 1e6 / calls;
	}

}
