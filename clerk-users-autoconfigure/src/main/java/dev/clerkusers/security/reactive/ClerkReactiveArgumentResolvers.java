package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkArgumentResolvers;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * WebFlux controller argument resolvers, the reactive counterparts of
 * {@link ClerkArgumentResolvers}: {@link CurrentClerkUser @CurrentClerkUser}
 * {@link ClerkUser} parameters, and {@link ClerkSessionClaims} parameters (the claims of
 * the request's Clerk token, or {@code null}), read from the
 * {@link ReactiveSecurityContextHolder}.
 */
public final class ClerkReactiveArgumentResolvers {

	private ClerkReactiveArgumentResolvers() {
	}

	private static Mono<Authentication> authentication() {
		return ReactiveSecurityContextHolder.getContext().mapNotNull(SecurityContext::getAuthentication);
	}

	/**
	 * Resolves {@code @CurrentClerkUser ClerkUser} parameters; a required one without a
	 * signed-in user is an {@link InsufficientAuthenticationException}.
	 */
	public static final class CurrentUserResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(CurrentClerkUser.class)
					&& ClerkUser.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			CurrentClerkUser annotation = parameter.getParameterAnnotation(CurrentClerkUser.class);
			Mono<Object> user = authentication().mapNotNull(ClerkArgumentResolvers::userOf);
			if (annotation != null && annotation.required()) {
				return user.switchIfEmpty(
						Mono.error(() -> new InsufficientAuthenticationException("A signed-in user is required")));
			}
			return user;
		}

	}

	/**
	 * Resolves {@link ClerkSessionClaims} parameters.
	 */
	public static final class SessionClaimsResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkSessionClaims.class.isAssignableFrom(parameter.getParameterType());
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			return authentication().filter(ClerkAuthenticationToken.class::isInstance)
				.map((authentication) -> ((ClerkAuthenticationToken) authentication).getClaims());
		}

	}

}
