package dev.clerkusers.autoconfigure;

import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The rules of the library's Actuator endpoints in its default filter chain: what changes
 * data (sync, push, reprocess: {@code POST}) needs {@code ROLE_SUPERUSER}, and reading
 * them needs {@code ROLE_STAFF}. Referenced only when Actuator is on the class path.
 */
final class ClerkOperatorEndpoints {

	/** The library's Actuator endpoints. */
	static final String[] IDS = { "clerksync", "clerkpush", "clerkwebhooks" };

	private ClerkOperatorEndpoints() {
	}

	static void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests) {
		RequestMatcher endpoints = EndpointRequest.to(IDS);
		RequestMatcher writes = new AndRequestMatcher(endpoints,
				(request) -> HttpMethod.POST.matches(request.getMethod())
						|| HttpMethod.DELETE.matches(request.getMethod()));
		requests.requestMatchers(writes)
			.hasAuthority(DefaultClerkAuthoritiesMapper.SUPERUSER)
			.requestMatchers(endpoints)
			.hasAnyAuthority(DefaultClerkAuthoritiesMapper.STAFF, DefaultClerkAuthoritiesMapper.SUPERUSER);
	}

}
