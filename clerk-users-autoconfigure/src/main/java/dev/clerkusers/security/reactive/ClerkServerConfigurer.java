package dev.clerkusers.security.reactive;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.security.ClerkSignInUnavailableException;
import dev.clerkusers.user.ClerkUserService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds Clerk token authentication to a {@link ServerHttpSecurity}, the reactive
 * counterpart of the servlet side's {@code ClerkConfigurer}:
 * <ul>
 * <li>an {@link AuthenticationWebFilter} before the chain's other authentication filters
 * (before {@link SecurityWebFiltersOrder#HTTP_BASIC}, as the servlet side's filter comes
 * before form login and HTTP Basic) with the {@link ClerkReactiveAuthenticationManager},
 * the {@link ServerClerkTokenAuthenticationConverter} and the
 * {@link ClerkServerAuthenticationFailureHandler}; a request without a token goes on
 * untouched, and a successful authentication holds for this request only
 * (stateless);</li>
 * <li>a Clerk sign-in that no token of the exchange made (one the chain's security
 * context repository found in the web session, kept there by something other than
 * clerk-users) is not read: the exchange goes on as anonymous, as the servlet side's
 * stateless mode reads none from the HTTP session;</li>
 * <li>the entry point of the chain is {@link ClerkServerAuthenticationEntryPoint} (401
 * with {@code WWW-Authenticate: Bearer} and the reason); an application whose chain also
 * has a login page sets its own entry point after this one, for example
 * {@link ClerkServerAuthenticationEntryPoint#withLoginPage(String)};</li>
 * <li>an exchange with a bearer token that is not allowed what it asks for gets
 * {@link ClerkServerAccessDeniedHandler}'s 403 (others Spring Security's plain one),
 * unless the application sets an access-denied handler of its own;</li>
 * <li>an {@code AuthenticationException} raised further down the chain (a required
 * {@code @CurrentClerkUser} or {@code @CurrentClerkMachine} that finds none) is answered
 * as the servlet side's {@code ExceptionTranslationFilter} does: an anonymous exchange by
 * the chain's entry point, an authenticated one by this configurer's (401), 503 when a
 * service that authentication needs is unavailable; never as a refused token, and the
 * exchange never goes down the chain a second time;</li>
 * <li>a sign-in with a password (the form's, or HTTP Basic's) that the
 * {@link ClerkReactiveUserDetailsService} could not check, for a failure of the database,
 * is answered 503 with {@code Retry-After}, never sent back to the login page;</li>
 * <li>CSRF protection, when on, skips requests with a bearer header (a browser never adds
 * one by itself); requests authenticated by Clerk's session cookie keep it.</li>
 * </ul>
 * clerk-users registers one as a {@code Customizer<ServerHttpSecurity>} bean, which
 * Spring Security applies to every {@code ServerHttpSecurity} before the application
 * configures it; call {@link #customize(ServerHttpSecurity)} yourself for a
 * {@code ServerHttpSecurity} built outside Spring's container. A chain that reads another
 * identity provider's bearer tokens turns Clerk off with
 * {@link #disable(ServerHttpSecurity)}, as the servlet side's chains do with
 * {@code ClerkConfigurer}'s {@code disable()}; one that takes other token types than
 * {@code clerk.accepts-tokens} turns it off too, then applies a configurer
 * {@linkplain #withAuthenticationManager like the bean} with a manager for its types.
 */
public final class ClerkServerConfigurer implements Customizer<ServerHttpSecurity> {

	private final ReactiveAuthenticationManager authenticationManager;

	private ServerAuthenticationConverter authenticationConverter = new ServerClerkTokenAuthenticationConverter();

	private static final AuthenticationTrustResolver TRUST_RESOLVER = new AuthenticationTrustResolverImpl();

	private ServerAuthenticationEntryPoint entryPoint = new ClerkServerAuthenticationEntryPoint();

	private @Nullable ServerAuthenticationFailureHandler failureHandler;

	private @Nullable ClerkUserService formLoginUsers;

	/**
	 * The token filters this configurer added, by the {@code ServerHttpSecurity} they
	 * were added to, until a chain turns them off (weakly: a chain built is kept by its
	 * {@code SecurityWebFilterChain}, not here).
	 */
	private final Map<ServerHttpSecurity, AuthenticationWebFilterSwitch> tokenFilters = Collections
		.synchronizedMap(new WeakHashMap<>());

	/**
	 * Creates a configurer with the defaults below: tokens in the bearer header only,
	 * refused with the entry point. The configurer that clerk-users registers has the
	 * application's converter ({@code clerk.session-cookie.enabled}) and failure handler
	 * ({@code clerk.invalid-token-on-public-paths}); derive one from it with
	 * {@link #withAuthenticationManager} to keep them.
	 * @param authenticationManager authenticates Clerk tokens, usually a
	 * {@link ClerkReactiveAuthenticationManager}
	 */
	public ClerkServerConfigurer(ReactiveAuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager must not be null");
		this.authenticationManager = authenticationManager;
	}

	/**
	 * Returns a configurer like this one (its converter, entry point, failure handler and
	 * form-login check) whose tokens another manager authenticates: for a chain that
	 * takes other token types than {@code clerk.accepts-tokens}, after turning this
	 * configurer off on it: <pre class="code">
	 * clerk.disable(http);
	 * clerk.withAuthenticationManager(new ClerkReactiveAuthenticationManager(
	 *         ClerkAuthenticationProvider.fromBeans(beans, AcceptedTokenTypes.of(ClerkTokenType.API_KEY))))
	 *     .customize(http);
	 * </pre> This configurer is left as it is.
	 * @param authenticationManager authenticates the chain's tokens, usually a
	 * {@link ClerkReactiveAuthenticationManager}
	 * @return a new configurer
	 */
	public ClerkServerConfigurer withAuthenticationManager(ReactiveAuthenticationManager authenticationManager) {
		ClerkServerConfigurer configurer = new ClerkServerConfigurer(authenticationManager);
		configurer.authenticationConverter = this.authenticationConverter;
		configurer.entryPoint = this.entryPoint;
		configurer.failureHandler = this.failureHandler;
		configurer.formLoginUsers = this.formLoginUsers;
		return configurer;
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
	 * whose password or rights changed, is signed out at once. The auto-configured
	 * configurer does this with the users table; clerk-users' auto-configuration also
	 * adds the check to every chain of the container by itself, whichever configurer
	 * applies.
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
		AuthenticationWebFilterSwitch tokens = new AuthenticationWebFilterSwitch();
		this.tokenFilters.put(http, tokens);
		filter.setRequiresAuthenticationMatcher(tokens);
		filter.setServerAuthenticationConverter(this.authenticationConverter);
		filter.setAuthenticationFailureHandler((this.failureHandler != null) ? this.failureHandler
				: ClerkServerAuthenticationFailureHandler.refusing(this.entryPoint));
		filter.setAuthenticationSuccessHandler(KeptClerkSignInWebFilter.successHandler());
		// Before the chain's other authentication filters (HTTP Basic, form login), as on
		// servlet: a token decides the exchange, and a request with two Authorization
		// headers is refused as such, whatever scheme comes first.
		http.addFilterBefore(filter, SecurityWebFiltersOrder.HTTP_BASIC);
		// An AuthenticationException raised further down (a required @CurrentClerkUser
		// that finds no user, say) goes to the chain's exception handling, as on servlet,
		// before the AuthenticationWebFilter's failure handler could take it for a
		// refused token (and, with refused tokens let through as anonymous, run the chain
		// a second time).
		http.addFilterAfter(
				(exchange, chain) -> chain.filter(exchange)
					.onErrorResume(AuthenticationException.class, (failure) -> answerDownstream(exchange, failure)),
				SecurityWebFiltersOrder.EXCEPTION_TRANSLATION);
		// A sign-in with a password that the database could not check (see
		// ClerkReactiveUserDetailsService) is an outage, not a wrong password.
		http.addFilterBefore((exchange, chain) -> chain.filter(exchange)
			.onErrorResume(ClerkSignInUnavailableException.class, (unavailable) -> answerSignIn(exchange, unavailable)),
				SecurityWebFiltersOrder.HTTP_BASIC);
		// After the authentication filters: a Clerk sign-in that no token of this
		// exchange made (found in the web session) is not read.
		http.addFilterAfter(new KeptClerkSignInWebFilter(), SecurityWebFiltersOrder.AUTHENTICATION);
		if (this.formLoginUsers != null) {
			// After the authentication filters: a token that authenticated the exchange
			// decides it, and the stored sign-in is then not read.
			http.addFilterAfter(new ClerkFormLoginRevalidationWebFilter(this.formLoginUsers),
					SecurityWebFiltersOrder.AUTHENTICATION);
		}
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint)
			.accessDeniedHandler(new ClerkServerAccessDeniedHandler()));
		http.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(
				(exchange) -> ServerClerkTokenAuthenticationConverter.hasBearerHeader(exchange) ? MatchResult.notMatch()
						: CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange)));
	}

	/**
	 * Turns Clerk off on a chain that this configurer {@linkplain #customize customized}:
	 * its requests' Clerk tokens (the bearer header, the session cookie) sign nobody in,
	 * and its exception handling is Spring Security's own again (the entry point and the
	 * access-denied handler of the chain's mechanisms, or those it sets after this call).
	 * Call it first when building a chain whose bearer tokens another identity provider
	 * issues, and give that chain a {@code securityMatcher}: <pre class="code">
	 * &#064;Bean
	 * &#064;Order(1)
	 * SecurityWebFilterChain partnerApi(ServerHttpSecurity http, ClerkServerConfigurer clerk) {
	 *     clerk.disable(http);
	 *     return http.securityMatcher(pathMatchers("/partner/**"))
	 *         .oauth2ResourceServer((server) -&gt; server.jwt((jwt) -&gt; jwt.jwtDecoder(partnerDecoder)))
	 *         .authorizeExchange((exchanges) -&gt; exchanges.anyExchange().authenticated())
	 *         .build();
	 * }
	 * </pre> The chain's resource server needs the other provider's decoder, as here:
	 * without one it takes the context's {@code ReactiveJwtDecoder}, which is
	 * clerk-users' own unless Spring Boot's resource-server properties are set, and would
	 * let Clerk's tokens in. What stays: CSRF protection still skips requests with a
	 * bearer header (as Spring's resource server does), a form login over the users table
	 * still follows it, and a sign-in with a password that the database could not check
	 * is still answered 503.
	 * @param http a {@code ServerHttpSecurity} this configurer customized
	 * @return the same {@code ServerHttpSecurity}, to go on configuring it
	 * @throws IllegalStateException when this configurer did not customize it, or turned
	 * Clerk off on it already
	 */
	@SuppressWarnings("NullAway") // null restores Spring Security's defaults
	public ServerHttpSecurity disable(ServerHttpSecurity http) {
		Assert.notNull(http, "http must not be null");
		AuthenticationWebFilterSwitch tokens = this.tokenFilters.remove(http);
		Assert.state(tokens != null, "This ServerHttpSecurity was not customized by this ClerkServerConfigurer, "
				+ "or Clerk is turned off on it already");
		tokens.turnOff();
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(null).accessDeniedHandler(null));
		return http;
	}

	/**
	 * Answers a sign-in with a password that the database could not check: 503 with
	 * {@code Retry-After}, unless the response is already committed.
	 */
	private static Mono<Void> answerSignIn(ServerWebExchange exchange, ClerkSignInUnavailableException unavailable) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(unavailable);
		}
		return ClerkServerAuthenticationEntryPoint.write(exchange,
				ClerkAuthenticationResponse.serviceUnavailable(unavailable.getFailure()));
	}

	/**
	 * Answers an {@code AuthenticationException} raised below the exception translation:
	 * 503 when a service that authentication needs is unavailable; for an anonymous
	 * exchange, the chain's entry point (an {@code AccessDeniedException} that
	 * {@code ExceptionTranslationWebFilter} hands to it: a login page for browsers, if
	 * the chain has one); for an authenticated one (a machine where a user is required),
	 * this configurer's entry point, 401 as on servlet. A response already committed (a
	 * stream under way) is left to fail as it would.
	 */
	private Mono<Void> answerDownstream(ServerWebExchange exchange, AuthenticationException failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		if (failure instanceof AuthenticationServiceException unavailable) {
			return ClerkServerAuthenticationEntryPoint.write(exchange,
					ClerkAuthenticationResponse.serviceUnavailable(unavailable));
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((authentication) -> !TRUST_RESOLVER.isAnonymous(authentication))
			.hasElement()
			.flatMap((authenticated) -> authenticated ? this.entryPoint.commence(exchange, failure)
					: Mono.error(new AccessDeniedException("Authentication is required", failure)));
	}

	/**
	 * Whether the token filter of one chain reads tokens: on until the chain turns Clerk
	 * off, before it serves any request.
	 */
	private static final class AuthenticationWebFilterSwitch implements ServerWebExchangeMatcher {

		private volatile boolean on = true;

		void turnOff() {
			this.on = false;
		}

		@Override
		public Mono<MatchResult> matches(ServerWebExchange exchange) {
			return this.on ? MatchResult.match() : MatchResult.notMatch();
		}

	}

}
