package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.clerkusers.test.backend.FakeClerkBackend.Response;
import dev.clerkusers.test.data.ClerkData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FakeClerkBackend#reset()} between the tests of one application context: what a
 * test injected does not reach the next.
 */
class FakeClerkBackendResetTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void resetForgetsTheRoutesAndFailuresATestAdded() throws Exception {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
			clerk.route("GET", "/v1/users/(user_1)",
					(request, params) -> Response.error(500, "injected", "an injected failure"));
			clerk.failNext(5, 502);
			clerk.rateLimitNext(5, 1);
			clerk.setUnavailable(true);
			clerk.reset();
			clerk.addUser(ClerkData.user("user_1").email("ada@example.com"));
			assertThat(getUser(clerk, "user_1").statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> getUser(FakeClerkBackend clerk, String id) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(clerk.apiUrl() + "/users/" + id))
			.header("Authorization", "Bearer " + clerk.secretKey())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
