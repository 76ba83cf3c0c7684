package dev.clerkusers.webhook;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Opens the webhook endpoint in a filter chain: its requests are permitted whatever the
 * chain's rules (they prove themselves by their Svix signature), need no CSRF token, and
 * have their credentials hidden by a filter first in the chain: the {@code Authorization}
 * header, the cookies and the HTTP session they name (a delivery gets a session of its
 * own, for the request only, when one is asked for), so that a bearer header the Svix
 * endpoint was configured to send, or a browser's cookies a gateway forwarded, neither
 * refuses a signed delivery nor stands in for its signature, and its handlers run as no
 * one. Unlike {@code WebSecurity.ignoring()}, the chain still runs for them, so security
 * headers apply and Spring Security logs no warning. clerk-users applies it to every
 * chain through a {@code Customizer<HttpSecurity>} bean; apply it yourself with
 * {@code http.with(ClerkWebhookHttpConfigurer.webhooks(matcher), withDefaults())} only
 * when building an {@code HttpSecurity} outside Spring's container.
 */
public final class ClerkWebhookHttpConfigurer extends AbstractHttpConfigurer<ClerkWebhookHttpConfigurer, HttpSecurity> {

	private final RequestMatcher webhooks;

	private ClerkWebhookHttpConfigurer(RequestMatcher webhooks) {
		this.webhooks = webhooks;
	}

	/**
	 * Opens the requests of a matcher, usually the webhook path.
	 * @param webhooks the webhook requests
	 * @return the configurer
	 */
	public static ClerkWebhookHttpConfigurer webhooks(RequestMatcher webhooks) {
		Assert.notNull(webhooks, "webhooks must not be null");
		return new ClerkWebhookHttpConfigurer(webhooks);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(this.webhooks);
		}
		AuthorizeHttpRequestsConfigurer<HttpSecurity> authorize = http
			.getConfigurer(AuthorizeHttpRequestsConfigurer.class);
		if (authorize != null) {
			authorize.withObjectPostProcessor(new PermitWebhooks(this.webhooks));
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		// First of the chain, before a session is created (sessionCreationPolicy ALWAYS)
		// or the security context read: a delivery's HTTP session is hidden too.
		http.addFilterBefore(new DeliveryRequestFilter(this.webhooks), DisableEncodeUrlFilter.class);
	}

	/**
	 * Puts a permit for the webhook requests in front of a chain's authorization rules.
	 */
	private static final class PermitWebhooks implements ObjectPostProcessor<AuthorizationManager<HttpServletRequest>> {

		private final RequestMatcher webhooks;

		PermitWebhooks(RequestMatcher webhooks) {
			this.webhooks = webhooks;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <O extends AuthorizationManager<HttpServletRequest>> O postProcess(O rules) {
			AuthorizationManager<HttpServletRequest> permitting = (authentication,
					request) -> this.webhooks.matches(request) ? new AuthorizationDecision(true)
							: rules.authorize(authentication, request);
			return (O) permitting;
		}

	}

}
