package dev.clerkusers.security;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet side's 401, 403 and 503 as WebFlux writes them: JSON in UTF-8, typed
 * {@code application/json} without a {@code charset} parameter (JSON has none).
 */
class ClerkAnswersTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/report");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	/**
	 * Black-box run 318 F2: the servlet answers were typed
	 * {@code application/json;charset=UTF-8}, the reactive ones {@code application/json}.
	 */
	@Test
	void the401IsJsonInUtf8TypedAsOnWebFlux() throws Exception {
		this.request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		new ClerkAuthenticationEntryPoint().commence(this.request, this.response,
				new InsufficientAuthenticationException("none"));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Authentication is required\"}");
	}

	@Test
	void the403IsJsonTypedAsOnWebFlux() throws Exception {
		new ClerkAccessDeniedHandler().handle(this.request, this.response, new AccessDeniedException("denied"));
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.isEqualTo("{\"error\":\"forbidden\",\"message\":\"Access is denied\"}");
	}

	@Test
	void the503KeepsAMessageOutsideAsciiInUtf8() throws Exception {
		ClerkAuthenticationFailureHandler.refusing(new ClerkAuthenticationEntryPoint())
			.onAuthenticationFailure(this.request, this.response,
					new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
							"Clerk's Backend API is unreachable — try again", new IllegalStateException("down")));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.contains("\"message\":\"Clerk's Backend API is unreachable — try again\"");
	}

}
