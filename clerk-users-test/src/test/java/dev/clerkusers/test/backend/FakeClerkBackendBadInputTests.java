package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Black-box run 218: bad input the kit took without a word, to fail later and far from
 * its cause (a {@code reset()} of another test class, a fake that stops answering) or to
 * have a test check something else than it meant. Each is refused at once, naming what is
 * wrong.
 */
class FakeClerkBackendBadInputTests {

	private final FakeClerkBackend clerk = FakeClerkBackend.start();

	@AfterEach
	void close() {
		this.clerk.close();
	}

	@Test
	void aResetActionIsNotNullSoThatEveryLaterResetStillWorks() {
		assertThatNullPointerException().isThrownBy(() -> this.clerk.onReset(null)).withMessageContaining("action");
		assertThatNoException().isThrownBy(this.clerk::reset);
	}

	@Test
	void anActionAfterEachRequestIsNotNull() throws Exception {
		assertThatNullPointerException().isThrownBy(() -> this.clerk.afterEachRequest(null))
			.withMessageContaining("action");
		assertThat(getUsers().statusCode()).isEqualTo(200);
	}

	/**
	 * An action that throws left the call without an answer, which an application may
	 * handle as Clerk not answering: the test passed on a broken fake. The call is
	 * answered, and the failure fails the test as a route's does.
	 */
	@Test
	void anActionAfterEachRequestThatThrowsIsAFailureOfTheFake() throws Exception {
		this.clerk.afterEachRequest((request) -> {
			throw new IllegalStateException("broken action");
		});
		assertThat(getUsers().statusCode()).isEqualTo(200);
		assertThatThrownBy(this.clerk::verifyNoRouteFailures).isInstanceOf(AssertionError.class)
			.hasMessageContaining("GET /v1/users")
			.hasMessageContaining("broken action");
	}

	@Test
	void aRouteIsForAPathOfClerksApiUnderV1() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clerk.route("GET", "/users/(user_x)", (request, groups) -> null))
			.withMessageContaining("/users/(user_x)")
			.withMessageContaining("/v1/");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clerk.route("GET", "v1/users/x", (request, groups) -> null));
		assertThatNoException().isThrownBy(() -> this.clerk.route("GET", "/v1/users/(.+)", (request, groups) -> null));
		assertThatNoException()
			.isThrownBy(() -> this.clerk.route("GET", "/\\.well-known/jwks\\.json", (request, groups) -> null));
	}

	@Test
	void anOAuthTokenHasAClient() {
		this.clerk.addUser(ClerkData.user("user_a"));
		assertThatNullPointerException().isThrownBy(() -> this.clerk.createOAuthToken("user_a", null, "read"))
			.withMessageContaining("clientId");
	}

	@Test
	void theTokensHelpersAndSignersRefuseNullNamingIt() {
		assertThatNullPointerException().isThrownBy(() -> ClerkTestTokens.bearer(null)).withMessageContaining("token");
		assertThatNullPointerException().isThrownBy(() -> ClerkTestTokens.forInstance(null))
			.withMessageContaining("instanceId");
		assertThatNullPointerException().isThrownBy(() -> new ClerkWebhookSigner(null)).withMessageContaining("secret");
	}

	@Test
	void anEventHasAType() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkEvents.of("", Map.of()))
			.withMessageContaining("type");
		assertThatIllegalArgumentException().isThrownBy(() -> ClerkEvents.of("  ", Map.of()));
	}

	private HttpResponse<String> getUsers() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.clerk.apiUrl() + "/users"))
				.header("Authorization", "Bearer " + this.clerk.secretKey())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
