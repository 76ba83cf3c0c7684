package dev.clerkusers.webhook;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the {@code Authorization} header of webhook deliveries from the rest of a filter
 * chain. A delivery is authenticated by its Svix signature alone: a bearer header that
 * the Svix endpoint was configured to send, or that a gateway added, must neither refuse
 * a signed delivery (an authentication filter would answer 401 to a token it cannot
 * verify, and Svix would retry until it gives up) nor stand in for the signature.
 */
final class DeliveryCredentialsFilter extends OncePerRequestFilter {

	private final RequestMatcher webhooks;

	DeliveryCredentialsFilter(RequestMatcher webhooks) {
		this.webhooks = webhooks;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(this.webhooks.matches(request) ? new WithoutAuthorization(request) : request, response);
	}

	private static final class WithoutAuthorization extends HttpServletRequestWrapper {

		WithoutAuthorization(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isAuthorization(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isAuthorization(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((name) -> !isAuthorization(name))
				.toList());
		}

		private static boolean isAuthorization(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name);
		}

	}

}
