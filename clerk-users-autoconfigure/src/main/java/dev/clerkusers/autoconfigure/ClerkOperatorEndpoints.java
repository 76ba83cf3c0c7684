package dev.clerkusers.autoconfigure;

import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The rules of the library's Actuator endpoints in its default filter chains, servlet and
 * WebFlux alike: what changes data (sync, push, reprocess: {@code POST}; dismiss:
 * {@code DELETE}) needs {@code ROLE_SUPERUSER}, and reading them needs
 * {@code ROLE_STAFF}. Each stack's rules are a nested class of their own, referenced only
 * when Actuator and that stack are on the class path.
 */
final class ClerkOperatorEndpoints {

	/** The library's Actuator endpoints. */
	static final String[] IDS = { "clerksync", "clerkpush", "clerkwebhooks" };

	private ClerkOperatorEndpoints() {
	}

	private static boolean isWrite(HttpMethod method) {
		return HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method);
	}

	/**
	 * The rules on servlet.
	 */
	static final class Servlet {

		private Servlet() {
		}

		static void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests) {
			RequestMatcher endpoints = org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest
				.to(IDS);
			RequestMatcher writes = new AndRequestMatcher(endpoints,
					(request) -> isWrite(HttpMethod.valueOf(request.getMethod())));
			requests.requestMatchers(writes)
				.hasAuthority(DefaultClerkAuthoritiesMapper.SUPERUSER)
				.requestMatchers(endpoints)
				.hasAnyAuthority(DefaultClerkAuthoritiesMapper.STAFF, DefaultClerkAuthoritiesMapper.SUPERUSER);
		}

	}

	/**
	 * The rules on WebFlux.
	 */
	static final class Reactive {

		private Reactive() {
		}

		static void authorize(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
			ServerWebExchangeMatcher endpoints = org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
				.to(IDS);
			ServerWebExchangeMatcher writes = new AndServerWebExchangeMatcher(endpoints,
					(exchange) -> isWrite(exchange.getRequest().getMethod())
							? ServerWebExchangeMatcher.MatchResult.match()
							: ServerWebExchangeMatcher.MatchResult.notMatch());
			exchanges.matchers(writes)
				.hasAuthority(DefaultClerkAuthoritiesMapper.SUPERUSER)
				.matchers(endpoints)
				.hasAnyAuthority(DefaultClerkAuthoritiesMapper.STAFF, DefaultClerkAuthoritiesMapper.SUPERUSER);
		}

	}

}
