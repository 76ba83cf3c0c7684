package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds Clerk token authentication to a {@link ServerHttpSecurity}, the reactive
 * counterpart of the servlet side's {@code ClerkConfigurer}:
 * <ul>
 * <li>an {@link AuthenticationWebFilter} at
 * {@link SecurityWebFiltersOrder#AUTHENTICATION} with the
 * {@link ClerkReactiveAuthenticationManager}, the
 * {@link ServerClerkTokenAuthenticationConverter} and the
 * {@link ClerkServerAuthenticationFailureHandler}; a request without a token goes on
 * untouched, and a successful authentication holds for this request only
 * (stateless);</li>
 * <li>the entry point of the chain is {@link ClerkServerAuthenticationEntryPoint} (401
 * with {@code WWW-Authenticate: Bearer} and the reason); an application whose chain also
 * has a login page sets its own entry point after this one, for example
 * {@link ClerkServerAuthenticationEntryPoint#withLoginPage(String)};</li>
 * <li>an exchange with a bearer token that is not allowed what it asks for gets
 * {@link ClerkServerAccessDeniedHandler}'s 403 (others Spring Security's plain one),
 * unless the application sets an access-denied handler of its own;</li>
 * <li>an {@code AuthenticationException} raised further down the chain (a required
 * {@code @CurrentClerkUser} or {@code @CurrentClerkMachine} that finds none) is answered
 * by this configurer's entry point (503 when a service that authentication needs is
 * unavailable), as the servlet side's {@code ExceptionTranslationFilter} does: never as a
 * refused token, and the exchange never goes down the chain a second time;</li>
 * <li>CSRF protection, when on, skips requests with a bearer header (a browser never adds
 * one by itself); requests authenticated by Clerk's session cookie keep it.</li>
 * </ul>
 * clerk-users registers one as a {@code Customizer<ServerHttpSecurity>} bean, which
 * Spring Security applies to every {@code ServerHttpSecurity} before the application
 * configures it; call {@link #customize(ServerHttpSecurity)} yourself for a
 * {@code ServerHttpSecurity} built outside Spring's container.
 */
public final class ClerkServerConfigurer implements Customizer<ServerHttpSecurity> {

	private final ReactiveAuthenticationManager authenticationManager;

	private ServerAuthenticationConverter authenticationConverter = new ServerClerkTokenAuthenticationConverter();

	private ServerAuthenticationEntryPoint entryPoint = new ClerkServerAuthenticationEntryPoint();

	private @Nullable ServerAuthenticationFailureHandler failureHandler;

	private @Nullable ClerkUserService formLoginUsers;

	/**
	 * Creates a configurer.
	 * @param authenticationManager authenticates Clerk tokens, usually a
	 * {@link ClerkReactiveAuthenticationManager}
	 */
	public ClerkServerConfigurer(ReactiveAuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager must not be null");
		this.authenticationManager = authenticationManager;
	}

	/**
	 * Sets how tokens are found on requests (default: the bearer header only).
	 * @param authenticationConverter the converter
	 * @return this configurer
	 */
	public ClerkServerConfigurer authenticationConverter(ServerAuthenticationConverter authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter must not be null");
		this.authenticationConverter = authenticationConverter;
		return this;
	}

	/**
	 * Sets the entry point that answers refused tokens and requests without credentials
	 * (default: {@link ClerkServerAuthenticationEntryPoint}).
	 * @param entryPoint the entry point
	 * @return this configurer
	 */
	public ClerkServerConfigurer entryPoint(ServerAuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
		return this;
	}

	/**
	 * Sets what a refused token does to its request (default: refusing with the entry
	 * point).
	 * @param failureHandler the failure handler
	 * @return this configurer
	 */
	public ClerkServerConfigurer failureHandler(ServerAuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler must not be null");
		this.failureHandler = failureHandler;
		return this;
	}

	/**
	 * Checks form-login sign-ins kept in the web session against the users table on every
	 * exchange ({@link ClerkFormLoginRevalidationWebFilter}): a user deactivated, or
	 * whose password or rights changed, is signed out at once. Not needed with
	 * clerk-users' auto-configuration: with the users table it adds the check to every
	 * chain, whichever configurer applies.
	 * @param users reads the users
	 * @return this configurer
	 */
	public ClerkServerConfigurer formLoginUsers(ClerkUserService users) {
		Assert.notNull(users, "users must not be null");
		this.formLoginUsers = users;
		return this;
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(this.authenticationManager);
		filter.setServerAuthenticationConverter(this.authenticationConverter);
		filter.setAuthenticationFailureHandler((this.failureHandler != null) ? this.failureHandler
				: ClerkServerAuthenticationFailureHandler.refusing(this.entryPoint));
		http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
		// An AuthenticationException raised further down (a required @CurrentClerkUser
		// that finds no user, say) is answered here, as servlet's
		// ExceptionTranslationFilter
		// does, before the AuthenticationWebFilter's failure handler takes it for a
		// refused token (and, with refused tokens let through as anonymous, runs the
		// chain
		// a second time).
		http.addFilterAfter(
				(exchange, chain) -> chain.filter(exchange)
					.onErrorResume(AuthenticationException.class, (failure) -> answerDownstream(exchange, failure)),
				SecurityWebFiltersOrder.AUTHENTICATION);
		if (this.formLoginUsers != null) {
			http.addFilterAfter(new ClerkFormLoginRevalidationWebFilter(this.formLoginUsers),
					SecurityWebFiltersOrder.REACTOR_CONTEXT);
		}
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint)
			.accessDeniedHandler(new ClerkServerAccessDeniedHandler()));
		http.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(
				(exchange) -> ServerClerkTokenAuthenticationConverter.hasBearerHeader(exchange) ? MatchResult.notMatch()
						: CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange)));
	}

	private Mono<Void> answerDownstream(ServerWebExchange exchange, AuthenticationException failure) {
		if (failure instanceof AuthenticationServiceException unavailable) {
			return ClerkServerAuthenticationEntryPoint.write(exchange,
					ClerkAuthenticationResponse.serviceUnavailable(unavailable));
		}
		return this.entryPoint.commence(exchange, failure);
	}

}
