package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.clerkusers.test.data.ClerkData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the fake answers over HTTP: without the delay of Nagle's algorithm meeting a
 * client's delayed acknowledgement, which cost every call about 50 ms, and loudly for a
 * call it does not serve.
 */
class FakeClerkBackendTransportTests {

	@Test
	void sendsEachResponseWithoutWaitingForTheClientsAcknowledgement() throws Exception {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
			HttpClient client = HttpClient.newHttpClient();
			for (int call = 0; call < 3; call++) {
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/users/user_1"))
						.header("Authorization", "Bearer " + clerk.secretKey())
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.headers().firstValueAsLong("Content-Length"))
					.hasValue(response.body().getBytes().length);
			}
			// The JDK server turns TCP_NODELAY on for the connections it accepts only
			// when this is set before its first server starts.
			assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
		}
	}

	/**
	 * Black-box run 106: the fake answered eight calls at a time, so a test of many first
	 * sign-ins against a slow route saw its own queue, not the library's behaviour (Clerk
	 * answers them all at once). Every call waits here until all have arrived.
	 */
	@Test
	void answersManyCallsAtOnce() throws Exception {
		int calls = 20;
		CyclicBarrier allArrived = new CyclicBarrier(calls);
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.route("GET", "/v1/together", (request, params) -> {
				try {
					allArrived.await(30, TimeUnit.SECONDS);
					return FakeClerkBackend.Response.json(200, Map.of("together", true));
				}
				catch (BrokenBarrierException | TimeoutException ex) {
					return FakeClerkBackend.Response.error(500, "not_together", "not every call arrived");
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return FakeClerkBackend.Response.error(500, "interrupted", "interrupted");
				}
			});
			HttpClient client = HttpClient.newHttpClient();
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int call = 0; call < calls; call++) {
				responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/together"))
					.header("Authorization", "Bearer " + clerk.secretKey())
					.build(), HttpResponse.BodyHandlers.ofString()));
			}
			for (CompletableFuture<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isEqualTo(200);
			}
		}
	}

	@Test
	void aCallTheFakeDoesNotServeIsAnswered501NotAsAMissingObject() throws Exception {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/users/user_1/organization_memberships"))
					.header("Authorization", "Bearer " + clerk.secretKey())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(501);
			assertThat(response.body()).contains("fake_endpoint_not_served").doesNotContain("resource_not_found");
		}
	}

	/**
	 * testing.md: a call is recorded once the fake has its answer, before the answer is
	 * sent, so an {@code afterEachRequest} action that waits holds the call in flight
	 * while {@code requests()} already lists it (black-box run 234 asked how to see a
	 * call arrive).
	 */
	@Test
	void anActionAfterEachRequestHoldsTheCallWhileTheRequestsListIt() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
			clerk.afterEachRequest((request) -> {
				held.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/users/user_1"))
					.header("Authorization", "Bearer " + clerk.secretKey())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(clerk.requests("GET", "/v1/users/user_1")).singleElement()
				.extracting(RecordedRequest::status)
				.isEqualTo(200);
			assertThat(call).isNotDone();
			release.countDown();
			assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

}
