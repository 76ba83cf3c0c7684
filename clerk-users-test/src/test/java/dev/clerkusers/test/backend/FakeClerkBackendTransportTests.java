package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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

}
