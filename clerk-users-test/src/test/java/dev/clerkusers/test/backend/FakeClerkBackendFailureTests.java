package dev.clerkusers.test.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

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

}
