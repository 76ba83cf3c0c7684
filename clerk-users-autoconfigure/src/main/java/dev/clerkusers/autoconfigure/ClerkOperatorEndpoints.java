package dev.clerkusers.autoconfigure;

import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;

import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * The rules of Actuator's endpoints in the library's default filter chains, servlet and
 * WebFlux alike. The health endpoint (with its groups, and their additional paths)
 * answers anyone, as behind Spring Boot's own default chain, so that load balancers and
 * orchestrators probe it without signing in; what it shows of the details is
 * {@code management.endpoint.health.show-details}'s to say. Every other endpoint, the
 * library's and Spring Boot's alike, is read with {@code ROLE_STAFF}, and what changes
 * data (the library's sync, push and reprocess, a logger's level: {@code POST}; dismiss:
 * {@code DELETE}) needs {@code ROLE_SUPERUSER}: behind Spring Boot's own default chain a
 * signed-in user is the operator, where here it is anyone who signs up with Clerk. Each
 * stack's rules are a nested class of their own, referenced only when Actuator and that
 * stack are on the class path.
 */
final class ClerkOperatorEndpoints {

	/** The library's Actuator endpoints. */
	static final String[] IDS = { "clerksync", "clerkpush", "clerkwebhooks" };

	private static final boolean HEALTH_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.health.actuate.endpoint.HealthEndpoint",
			ClerkOperatorEndpoints.class.getClassLoader());

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
			if (HEALTH_PRESENT) {
				requests
					.requestMatchers(
							org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest
								.to(HealthEndpoint.class),
							org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest
								.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class))
					.permitAll();
			}
			RequestMatcher endpoints = org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest
				.toAnyEndpoint();
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
			if (HEALTH_PRESENT) {
				exchanges
					.matchers(
							org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
								.to(HealthEndpoint.class),
							org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
								.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class))
					.permitAll();
			}
			ServerWebExchangeMatcher endpoints = org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest
				.toAnyEndpoint();
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
