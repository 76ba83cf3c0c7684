package dev.clerkusers.webhook;

import java.time.Duration;
import java.time.Instant;

import dev.clerkusers.token.MutableClock;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery filter's warning of a delivery that something answers before the webhook
 * endpoint (review 306 F1, F2): logged for such an answer, once a minute while it lasts,
 * and never for an answer of the endpoint's own, whatever its status.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryRequestFilterTests {

	private static final String WARNING = "before it reached the webhook endpoint";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

	private final DeliveryRequestFilter filter = new DeliveryRequestFilter(
			PathPatternRequestMatcher.withDefaults().matcher("/login"), this.clock);

	/** Form login's processing filter: a redirect, the endpoint never reached. */
	private final FilterChain formLogin = (request, response) -> ((HttpServletResponse) response).sendRedirect("/");

	/** The endpoint: it marks the request, and answers 401 (a bad signature). */
	private final FilterChain endpoint = (request, response) -> {
		request.setAttribute(DeliveryRequestFilter.ANSWERED_ATTRIBUTE, Boolean.TRUE);
		((HttpServletResponse) response).setStatus(401);
	};

	@Test
	void aDeliveryAnsweredBeforeTheEndpointIsWarnedOfOnceAMinute(CapturedOutput output) throws Exception {
		deliver(this.formLogin);
		deliver(this.formLogin);
		assertThat(warnings(output)).as("the first of the minute").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(59));
		deliver(this.formLogin);
		assertThat(warnings(output)).as("within the minute").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		deliver(this.formLogin);
		assertThat(warnings(output)).as("a minute after the first").isEqualTo(2);
		assertThat(output).contains("A webhook delivery (POST /login) was answered 302").contains("clerk.webhook.path");
	}

	@Test
	void anAnswerOfTheEndpointsOwnIsNeverWarnedOf(CapturedOutput output) throws Exception {
		deliver(this.endpoint);
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/login");
		this.filter.doFilter(get, new MockHttpServletResponse(), this.formLogin);
		MockHttpServletRequest elsewhere = new MockHttpServletRequest("POST", "/other");
		this.filter.doFilter(elsewhere, new MockHttpServletResponse(), this.formLogin);
		assertThat(output).doesNotContain(WARNING);
	}

	private void deliver(FilterChain chain) throws Exception {
		this.filter.doFilter(new MockHttpServletRequest("POST", "/login"), new MockHttpServletResponse(), chain);
	}

	private static int warnings(CapturedOutput output) {
		return output.getAll().split(WARNING, -1).length - 1;
	}

}
