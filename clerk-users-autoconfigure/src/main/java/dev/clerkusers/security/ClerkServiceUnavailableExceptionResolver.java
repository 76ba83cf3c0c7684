package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link ClerkServiceUnavailableException} raised while a controller's
 * arguments are resolved (the local user of an API key, the current organization, which
 * may read the database) as the library answers the same outage during authentication:
 * 503 with {@code Retry-After} and the JSON body, not a 500, and not the entry point that
 * Spring Security's exception translation would give an {@code AuthenticationException}.
 * clerk-users' auto-configuration registers it first among Spring MVC's exception
 * resolvers.
 */
public final class ClerkServiceUnavailableExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(ClerkServiceUnavailableExceptionResolver.class);

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof ClerkServiceUnavailableException unavailable) || response.isCommitted()) {
			return null;
		}
		logger.warn("Answering 503: " + unavailable.getMessage() + " (" + unavailable.getCode() + ")");
		try {
			ClerkAuthenticationFailureHandler.serviceUnavailable(response, unavailable);
		}
		catch (IOException writing) {
			logger.debug("Could not write the 503 answer: " + writing);
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
