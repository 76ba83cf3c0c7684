package dev.clerkusers.security;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkAuthenticationFilter}: who answers a request whose authentication failed
 * for an outage, when the chain has a failure handler of its own.
 */
class ClerkAuthenticationFilterTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/report");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final FilterChain chain = new MockFilterChain();

	private final ClerkAuthenticationFilter filter = new ClerkAuthenticationFilter((authentication) -> {
		throw new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
				"Clerk's Backend API could not verify the token", new IllegalStateException("down"));
	});

	ClerkAuthenticationFilterTests() {
		this.request.addHeader("Authorization", "Bearer ak_live_1234567890");
	}

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	/**
	 * Black-box run 182 F1: a handler that set its status and wrote a short body, still
	 * in the response's buffer, was taken for one that left the outage unanswered, and
	 * the library's 503 was written after its body: one response with both.
	 */
	@Test
	void anOutageTheChainsHandlerAnsweredIsItsAnswerAlone() throws Exception {
		this.filter.setAuthenticationFailureHandler((request, response, exception) -> {
			response.setStatus(418);
			response.getWriter().write("custom-failure");
		});
		this.filter.doFilter(this.request, this.response, this.chain);
		assertThat(this.response.getStatus()).isEqualTo(418);
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("custom-failure");
		assertThat(this.response.getHeader("Retry-After")).isNull();
	}

	@Test
	void anOutageTheChainsHandlerAnsweredWithAStatusAloneIsThatStatus() throws Exception {
		this.filter.setAuthenticationFailureHandler((request, response, exception) -> response.sendError(502));
		this.filter.doFilter(this.request, this.response, this.chain);
		assertThat(this.response.getStatus()).isEqualTo(502);
		assertThat(this.response.getHeader("Retry-After")).isNull();
	}

	@Test
	void anOutageTheChainsHandlerLeftUnansweredIsAnswered503() throws Exception {
		AuthenticationFailureHandler silent = (request, response, exception) -> {
		};
		this.filter.setAuthenticationFailureHandler(silent);
		this.filter.doFilter(this.request, this.response, this.chain);
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isNotNull();
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.contains("\"reason\":\"backend-api-unavailable\"");
		assertThat(((MockFilterChain) this.chain).getRequest()).as("the request ends").isNull();
	}

}
