package dev.clerkusers.security.reactive;

import java.time.Clock;

import dev.clerkusers.security.ClerkArgumentResolvers;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkMachineAuthenticationToken;
import dev.clerkusers.security.CurrentClerkMachine;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
 * {@link ClerkUser} parameters, {@link CurrentClerkMachine @CurrentClerkMachine}
 * {@link ClerkMachineToken} parameters, and {@link ClerkSessionClaims} parameters (the
 * claims of the request's Clerk token, or {@code null}), read from the
 * {@link ReactiveSecurityContextHolder}.
 */
public final class ClerkReactiveArgumentResolvers {

	private ClerkReactiveArgumentResolvers() {
	}

	/**
	 * The argument, or for a required one that is absent an
	 * {@link InsufficientAuthenticationException} with the message.
	 */
	private static Mono<Object> required(Mono<Object> argument, boolean required, String message) {
		return required ? argument.switchIfEmpty(Mono.error(() -> new InsufficientAuthenticationException(message)))
				: argument;
	}

	private static Mono<Authentication> authentication() {
		return ReactiveSecurityContextHolder.getContext().mapNotNull(SecurityContext::getAuthentication);
	}

	/**
	 * Resolves {@code @CurrentClerkUser ClerkUser} parameters; a required one without a
	 * signed-in user is an {@link InsufficientAuthenticationException}.
	 */
	public static final class CurrentUserResolver implements HandlerMethodArgumentResolver {

		private @Nullable ClerkUserLoader userLoader;

		private Clock clock = Clock.systemUTC();

		/**
		 * Loads the user of an API key, for {@link CurrentClerkUser#apiKeyUser()}, on the
		 * bounded-elastic scheduler.
		 * @param userLoader the loader
		 */
		public void setUserLoader(ClerkUserLoader userLoader) {
			this.userLoader = userLoader;
		}

		/**
		 * Sets the clock that tells whether a user is locked out.
		 * @param clock the clock
		 */
		public void setClock(Clock clock) {
			this.clock = clock;
		}

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkArgumentResolvers.isAnnotatedOrBare(parameter, CurrentClerkUser.class, ClerkUser.class);
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			try {
				ClerkArgumentResolvers.requireAnnotation(parameter, CurrentClerkUser.class, ClerkUser.class);
				ClerkArgumentResolvers.requireParameterType(parameter, CurrentClerkUser.class, ClerkUser.class);
			}
			catch (IllegalStateException ex) {
				return Mono.error(ex);
			}
			CurrentClerkUser annotation = parameter.getParameterAnnotation(CurrentClerkUser.class);
			boolean apiKeyUser = annotation != null && annotation.apiKeyUser();
			boolean required = ClerkArgumentResolvers.isRequired(parameter,
					annotation != null && annotation.required());
			Mono<Object> user = authentication().flatMap((authentication) -> {
				ClerkUser signedIn = ClerkArgumentResolvers.userOf(authentication);
				if (signedIn != null) {
					return Mono.just(signedIn);
				}
				ClerkUserLoader loader = this.userLoader;
				Mono<Object> found = Mono.empty();
				if (apiKeyUser && loader != null && authentication instanceof ClerkMachineAuthenticationToken machine) {
					found = Mono
						.<Object>fromCallable(
								() -> ClerkArgumentResolvers.apiKeyUser(machine.getMachine(), loader, this.clock))
						.subscribeOn(Schedulers.boundedElastic())
						.publishOn(Schedulers.parallel());
				}
				return required
						? found.switchIfEmpty(Mono.error(() -> ClerkArgumentResolvers.missingUser(authentication)))
						: found;
			});
			return required(user, required, "A signed-in user is required");
		}

	}

	/**
	 * Resolves {@code @CurrentClerkMachine ClerkMachineToken} parameters; a required one
	 * without a machine token is an {@link InsufficientAuthenticationException}.
	 */
	public static final class CurrentMachineResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkArgumentResolvers.isAnnotatedOrBare(parameter, CurrentClerkMachine.class,
					ClerkMachineToken.class);
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			try {
				ClerkArgumentResolvers.requireAnnotation(parameter, CurrentClerkMachine.class, ClerkMachineToken.class);
				ClerkArgumentResolvers.requireParameterType(parameter, CurrentClerkMachine.class,
						ClerkMachineToken.class);
			}
			catch (IllegalStateException ex) {
				return Mono.error(ex);
			}
			CurrentClerkMachine annotation = parameter.getParameterAnnotation(CurrentClerkMachine.class);
			Mono<Object> machine = authentication().filter(ClerkMachineAuthenticationToken.class::isInstance)
				.map((authentication) -> ((ClerkMachineAuthenticationToken) authentication).getMachine());
			return required(machine,
					ClerkArgumentResolvers.isRequired(parameter, annotation != null && annotation.required()),
					"A machine token is required");
		}

	}

	/**
	 * Resolves {@link ClerkSessionClaims} parameters.
	 */
	public static final class SessionClaimsResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ClerkArgumentResolvers.isOrWraps(parameter, ClerkSessionClaims.class);
		}

		@Override
		public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
				ServerWebExchange exchange) {
			try {
				ClerkArgumentResolvers.requireUnwrapped(parameter, ClerkSessionClaims.class);
			}
			catch (IllegalStateException ex) {
				return Mono.error(ex);
			}
			Mono<Object> claims = authentication().filter(ClerkAuthenticationToken.class::isInstance)
				.map((authentication) -> ((ClerkAuthenticationToken) authentication).getClaims());
			return required(claims, ClerkArgumentResolvers.isRequired(parameter, false),
					"A Clerk session token is required");
		}

	}

}
