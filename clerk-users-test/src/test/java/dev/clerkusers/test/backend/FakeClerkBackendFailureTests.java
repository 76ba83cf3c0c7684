package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Black-box run 108: an injected failure that names no failure was taken silently, and a
 * test then checked something else than it meant to: {@code failNext(1, 200)} answered
 * 200 with an error body, {@code rateLimitNext(1, -5)} a {@code Retry-After} of -5, a
 * negative count nothing at all, and a route for a method Clerk's API has not was never
 * called.
 */
class FakeClerkBackendFailureTests {

	private final FakeClerkBackend clerk = FakeClerkBackend.start();

	@AfterEach
	void close() {
		this.clerk.close();
	}

	@Test
	void aFailureIsAnErrorStatus() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.failNext(1, 200))
			.withMessageContaining("400 to 599")
			.withMessageContaining("200");
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.failNext(1, 99));
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.failNext(1, 600));
		assertThatNoException().isThrownBy(() -> this.clerk.failNext(1, 400));
		assertThatNoException().isThrownBy(() -> this.clerk.failNext(1, 599));
	}

	@Test
	void aCountOfFailuresIsNotNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.failNext(-1, 500)).withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.rateLimitNext(-1, 1))
			.withMessageContaining("-1");
		assertThatNoException().isThrownBy(() -> this.clerk.failNext(0, 500));
	}

	@Test
	void aRateLimitsWaitIsNotNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clerk.rateLimitNext(1, -5))
			.withMessageContaining("Retry-After")
			.withMessageContaining("-5");
		assertThatNoException().isThrownBy(() -> this.clerk.rateLimitNext(1, 0));
	}

	@Test
	void aRouteIsForAMethodOfClerksApi() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clerk.route("FETCH", "/v1/users", (request, groups) -> null))
			.withMessageContaining("FETCH")
			.withMessageContaining("GET, POST, PUT, PATCH or DELETE");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clerk.route("get", "/v1/users", (request, groups) -> null));
		assertThatNoException()
			.isThrownBy(() -> this.clerk.route("PATCH", "/v1/users/(.+)", (request, groups) -> null));
	}

	/**
	 * Black-box run 185 F1: a route whose handler answered {@code null} had the fake drop
	 * the connection, unlogged and unrecorded, and an application took it for an outage
	 * it handles: the test passed. It is a failure of the fake, answered as one.
	 */
	@Test
	void aRouteThatAnswersNothingIsAFailureOfTheFakeNotAnOutage() throws Exception {
		this.clerk.route("GET", "/v1/users/(.+)", (request, groups) -> null);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.clerk.apiUrl() + "/users/user_1"))
				.header("Authorization", "Bearer " + this.clerk.secretKey())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("internal_clerk_error").contains("answered no response");
		assertThat(this.clerk.requests("GET", "/v1/users/user_1")).hasSize(1);
	}

	/**
	 * Review 301 F3: a wrong secret key is refused as Clerk refuses it, 401
	 * {@code clerk_key_invalid} (the code {@code @clerk/backend} looks for), before any
	 * route runs, a route a test added included.
	 */
	@Test
	void aWrongSecretKeyIsRefusedAsClerkRefusesIt() throws Exception {
		this.clerk.route("GET", "/v1/users/(.+)",
				(request, groups) -> FakeClerkBackend.Response.json(200, java.util.Map.of()));
		for (String authorization : new String[] { "Bearer sk_test_wrong", "Basic " + this.clerk.secretKey() }) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.clerk.apiUrl() + "/users/user_1"))
					.header("Authorization", authorization)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).contains("\"code\":\"clerk_key_invalid\"")
				.contains("The provided Clerk Secret Key is invalid");
		}
	}

	@Test
	void aRouteHasAHandler() {
		assertThatNullPointerException().isThrownBy(() -> this.clerk.route("GET", "/v1/users", null))
			.withMessageContaining("handler");
	}

}
