package dev.clerkusers.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ClerkAuthenticationResponseTests {

	@Test
	void aWaitIsSentInWholeSecondsRoundedUp() {
		assertThat(retryAfterOf(Duration.ofMillis(1500))).isEqualTo("2");
		assertThat(retryAfterOf(Duration.ofSeconds(7))).isEqualTo("7");
		assertThat(retryAfterOf(Duration.ZERO)).isEqualTo("1");
	}

	/**
	 * A {@code Retry-After} as long as a {@code long} holds (a proxy's, say) is passed
	 * on: rounding it up overflowed, and the request was answered 500 instead of 503.
	 */
	@Test
	void theLongestWaitIsPassedOnWithoutOverflow() {
		ClerkAuthenticationResponse response = ClerkAuthenticationResponse
			.serviceUnavailable(unavailable(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
		assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.headers()).containsEntry(HttpHeaders.RETRY_AFTER, String.valueOf(Long.MAX_VALUE));
	}

	/**
	 * Black-box run 318 F4: the 403's body came with its keys in another order from one
	 * run of the JVM to the next (an immutable map's iteration order is randomized), the
	 * error first in one, the message in another, unlike the 401's and the 503's.
	 */
	@Test
	void bodiesKeepTheirKeysInTheDocumentedOrder() {
		assertThat(ClerkAuthenticationResponse.forbidden().bodyJson())
			.isEqualTo("{\"error\":\"forbidden\",\"message\":\"Access is denied\"}");
		assertThat(ClerkAuthenticationResponse.failed(HttpStatus.INTERNAL_SERVER_ERROR).bodyJson())
			.isEqualTo("{\"error\":\"internal_server_error\",\"message\":\"Internal Server Error\"}");
	}

	private static String retryAfterOf(Duration wait) {
		return ClerkAuthenticationResponse.serviceUnavailable(unavailable(wait)).headers().get(HttpHeaders.RETRY_AFTER);
	}

	private static ClerkServiceUnavailableException unavailable(Duration wait) {
		return new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
				"Clerk asked to wait", new RuntimeException("429"), wait);
	}

}
