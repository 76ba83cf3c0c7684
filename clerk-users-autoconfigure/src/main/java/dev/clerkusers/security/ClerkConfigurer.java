package dev.clerkusers.security;

import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import dev.clerkusers.token.AcceptedTokenTypes;
import dev.clerkusers.token.ClerkMachineTokenVerifier;
import dev.clerkusers.token.ClerkTokenType;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserLoader;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer;
import org.springframework.security.config.annotation.web.configurers.SessionManagementConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.session.ConcurrentSessionFilter;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds Clerk token authentication to an {@link HttpSecurity}, beside whatever else it
 * configures, in the shape of Spring Security's {@code OAuth2ResourceServerConfigurer}:
 * <pre class="code">
 * http.with(ClerkConfigurer.clerk(), Customizer.withDefaults());
 * </pre> Its collaborators come from the {@link ApplicationContext}, as clerk-users
 * auto-configures them, unless set here:
 * <ul>
 * <li>a {@link ClerkAuthenticationProvider} over the {@link ClerkTokenVerifier} bean
 * (and, when present, the {@link ClerkUserLoader}, {@link ClerkOrganizationSelector} and
 * {@link ClerkAuthoritiesMapper} beans) authenticates the tokens, in a
 * {@code ProviderManager} of its own whose events the application's
 * {@code AuthenticationEventPublisher} publishes (a refused token as a
 * {@code AuthenticationFailureBadCredentialsEvent}, see
 * {@link ClerkAuthenticationEvents}); it joins the chain's {@code ProviderManager} too,
 * where the form-login provider stays;</li>
 * <li>a {@link ClerkAuthenticationFilter} runs before the form-login filter, with a
 * {@link ClerkTokenAuthenticationConverter} (of the {@link ClerkSessionCookie} bean's
 * cookie, when present), and the {@link ClerkAuthenticationFailureHandler} and
 * {@link ClerkSessionSecurityContextRepository} beans when present;</li>
 * <li>requests with a bearer token, or whose token was refused (a stale {@code __session}
 * cookie is no token), get the entry point's 401 (by default
 * {@link ClerkAuthenticationEntryPoint}) and {@link ClerkAccessDeniedHandler}'s 403,
 * unless the application set entry points of its own; browser requests (they accept HTML)
 * keep the login page, and a request that accepts text or images but not HTML gets the
 * 401;</li>
 * <li>CSRF protection, when on, skips requests with a bearer header (a browser never adds
 * one by itself); requests authenticated by Clerk's session cookie keep it.</li>
 * <li>a request with a bearer header that needs authentication is not saved in the
 * chain's request cache to be replayed after a sign-in, so its 401 creates no HTTP
 * session.</li>
 * <li>with the users table, form-login sign-ins kept in the HTTP session are checked
 * against it on every request ({@link ClerkFormLoginSecurityContextRepository}): a user
 * deactivated, or whose password or rights changed, is signed out at once; a form sign-in
 * or a kept one that the database could not check is answered 503, never sent back to the
 * login page.</li>
 * <li>the chain's session management, when it has a concurrent session limit, leaves
 * Clerk sign-ins to the library: a token's sign-in outside session mode is neither kept
 * in the HTTP session nor counted, and a request with a bearer token goes on to its token
 * whatever session the limit expired.</li>
 * <li>the token types accepted are the {@link AcceptedTokenTypes} bean's
 * ({@code clerk.accepts-tokens}, by default session tokens only), unless
 * {@link #acceptsTokens(ClerkTokenType...)} sets them for this chain; machine tokens are
 * verified by the {@link ClerkMachineTokenVerifier} bean.</li>
 * </ul>
 * <pre class="code">
 * http.securityMatcher("/api/reports/**")
 *     .with(ClerkConfigurer.clerk(), (clerk) -&gt; clerk.acceptsTokens(ClerkTokenType.API_KEY));
 * </pre> clerk-users applies it to every {@code HttpSecurity} through a
 * {@code Customizer<HttpSecurity>} bean; apply it yourself to change a setting for one
 * chain, or when building an {@code HttpSecurity} outside Spring's container. On a chain
 * that turns it off, the sign-ins kept in the HTTP session are still checked, by
 * {@link ClerkStoredSignInsConfigurer}.
 */
public final class ClerkConfigurer extends AbstractHttpConfigurer<ClerkConfigurer, HttpSecurity> {

	private static final Log logger = LogFactory.getLog(ClerkConfigurer.class);

	private @Nullable AuthenticationConverter authenticationConverter;

	private @Nullable AuthenticationFailureHandler failureHandler;

	private @Nullable AuthenticationEntryPoint entryPoint;

	private @Nullable SecurityContextRepository securityContextRepository;

	/** The session mode's repository of this chain, when the configurer made it. */
	private @Nullable ClerkSessionSecurityContextRepository sessions;

	private @Nullable ClerkAuthenticationProvider provider;

	private @Nullable AcceptedTokenTypes acceptedTokenTypes;

	private ClerkConfigurer() {
	}

	/**
	 * The Clerk DSL, to apply with {@code http.with(clerk(), customizer)}.
	 * @return a new configurer
	 */
	public static ClerkConfigurer clerk() {
		return new ClerkConfigurer();
	}

	/**
	 * Sets how tokens are found on requests (default: the application's
	 * {@link ClerkTokenAuthenticationConverter} bean, else one of the bearer header, the
	 * {@link ClerkSessionCookie} bean's cookie and the {@link ClerkOrganizationSelector}
	 * bean's header). Prefer this to a bean where a chain uses Spring Security's resource
	 * server: it takes an {@code AuthenticationConverter} bean for its own, on every
	 * chain.
	 * @param authenticationConverter the converter
	 * @return this configurer
	 */
	public ClerkConfigurer authenticationConverter(AuthenticationConverter authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter must not be null");
		this.authenticationConverter = authenticationConverter;
		return this;
	}

	/**
	 * Sets what a refused token does to its request (default: the
	 * {@link ClerkAuthenticationFailureHandler} bean, else refusing with the entry
	 * point). A handler of the application's own answers the refusal, and the request
	 * ends there, as after Spring Security's own authentication filters; only
	 * {@link ClerkAuthenticationFailureHandler#anonymous()} lets it go on.
	 * @param failureHandler the failure handler
	 * @return this configurer
	 */
	public ClerkConfigurer failureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler must not be null");
		this.failureHandler = failureHandler;
		return this;
	}

	/**
	 * Sets the entry point that answers refused tokens and bearer requests without
	 * credentials (default: {@link ClerkAuthenticationEntryPoint}). Without a
	 * {@link #failureHandler(AuthenticationFailureHandler) failure handler} of this
	 * chain's own, the {@link ClerkAuthenticationFailureHandler} bean's policy applies,
	 * answered with this entry point.
	 * @param entryPoint the entry point
	 * @return this configurer
	 */
	public ClerkConfigurer entryPoint(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		this.entryPoint = entryPoint;
		return this;
	}

	/**
	 * Sets where a Clerk sign-in is kept in session mode (default: the HTTP session, as
	 * the {@link ClerkSessionSecurityContextRepository} bean keeps it). The sign-in is
	 * kept there under the session mode's rules all the same: never over a form login,
	 * and through the chain's session authentication strategy (a new session id) for a
	 * new user. Outside session mode a Clerk sign-in is kept for its request only, and
	 * this setting has no effect (a warning at start-up says so).
	 * @param securityContextRepository the repository
	 * @return this configurer
	 */
	public ClerkConfigurer securityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository must not be null");
		this.securityContextRepository = securityContextRepository;
		return this;
	}

	/**
	 * Sets the token types this chain accepts, told by each token's form (default: the
	 * {@link AcceptedTokenTypes} bean, {@code clerk.accepts-tokens}, else session tokens
	 * only). A token of another type is refused with {@code token-type-mismatch}.
	 * @param types the types, for example {@link ClerkTokenType#API_KEY}
	 * @return this configurer
	 */
	public ClerkConfigurer acceptsTokens(ClerkTokenType... types) {
		this.acceptedTokenTypes = AcceptedTokenTypes.of(types);
		return this;
	}

	/**
	 * Accepts every token type on this chain: session tokens, API keys, M2M and OAuth
	 * tokens ({@code any}).
	 * @return this configurer
	 */
	public ClerkConfigurer acceptsAnyToken() {
		return acceptsTokens(ClerkTokenType.values());
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "ClerkConfigurer needs the ApplicationContext of the HttpSecurity");
		boolean ownEntryPoint = this.entryPoint != null;
		AuthenticationEntryPoint entryPoint = entryPoint();
		this.authenticationConverter = (this.authenticationConverter != null) ? this.authenticationConverter
				: defaultConverter(context);
		if (this.failureHandler == null) {
			ClerkAuthenticationFailureHandler policy = bean(context, ClerkAuthenticationFailureHandler.class,
					() -> ClerkAuthenticationFailureHandler.refusing(entryPoint));
			// The policy of the bean, answered with this chain's own entry point.
			this.failureHandler = ownEntryPoint ? policy.withEntryPoint(entryPoint) : policy;
		}
		// The chain's repository keeps form-login sign-ins; with the users table they are
		// checked against it on every request; in session mode Clerk sign-ins are kept
		// in front of it, and outside it none is read from it.
		StoredSignIns stored = StoredSignIns.of(http, context, getSecurityContextHolderStrategy());
		ClerkSessionSecurityContextRepository sessions = stored.sessions();
		SecurityContextRepository own = this.securityContextRepository;
		if (sessions == null) {
			if (own != null) {
				logger.warn("ClerkConfigurer.securityContextRepository(…) has no effect outside session mode: a Clerk "
						+ "sign-in is kept for its request only; set clerk.session.mode=session to keep it in the "
						+ "HTTP session");
			}
			// Outside session mode a Clerk sign-in lives as long as its request.
			this.securityContextRepository = new RequestAttributeSecurityContextRepository();
		}
		else {
			// A repository of the chain's own keeps Clerk sign-ins behind the session
			// mode's rules (never over a form login, a new session id for a new user).
			this.sessions = (own != null) ? sessions.withDelegate(own) : sessions;
			this.securityContextRepository = this.sessions;
		}
		// A token's sign-in, which the filter keeps for its request, is read before the
		// HTTP session's on the request's later dispatches (async, error), where the
		// filter does not run.
		http.setSharedObject(SecurityContextRepository.class, new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), stored.repository()));
		this.provider = ClerkAuthenticationProvider.fromBeans(context, this.acceptedTokenTypes);
		if (sessions != null && !this.provider.accepts(ClerkTokenType.SESSION_TOKEN)) {
			// A chain that refuses session tokens does not take their sign-ins kept in
			// the session either.
			sessions.ignoreClerkSignIns();
			if (this.sessions != null && this.sessions != sessions) {
				this.sessions.ignoreClerkSignIns();
			}
		}
		http.authenticationProvider(this.provider);
		RequestMatcher clerkRequests = ClerkConfigurer::isClerkRequest;
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(entryPoint, clerkRequests);
			// Ahead of form login's, which takes a request accepting text/plain or an
			// image for a browser's (axios' default Accept, say): a browser accepts HTML.
			exceptionHandling.defaultAuthenticationEntryPointFor(entryPoint, ClerkConfigurer::acceptsNoHtml);
			exceptionHandling.defaultAccessDeniedHandlerFor(new ClerkAccessDeniedHandler(),
					ClerkTokenAuthenticationConverter::hasBearerHeader);
			// Spring Security uses a single default handler for every request: the
			// bearer challenge is for requests with a token, the others get its plain
			// 403 (a form-login session's post without its CSRF token, say).
			exceptionHandling.defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), AnyRequestMatcher.INSTANCE);
		}
		FormLoginConfigurer<HttpSecurity> formLogin = http.getConfigurer(FormLoginConfigurer.class);
		if (formLogin != null) {
			// A sign-in that the database could not check is answered 503 by the filter
			// below, not sent back to the login page as a wrong password.
			formLogin.withObjectPostProcessor(FormSignInOutages.raisedPastTheForm(http));
		}
		// The chain's request cache (its requestCache configurer's, set up before this
		// one), read by the exception handling and the request cache filter when they
		// are configured, after every configurer's init
		RequestCache requestCache = http.getSharedObject(RequestCache.class);
		if (requestCache != null) {
			http.setSharedObject(RequestCache.class, new TokenRequestsUnsavedRequestCache(requestCache));
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(ClerkTokenAuthenticationConverter::hasBearerHeader);
		}
		SessionManagementConfigurer<HttpSecurity> sessionManagement = http
			.getConfigurer(SessionManagementConfigurer.class);
		if (sessionManagement != null) {
			// Its filter, present with a session limit, would keep and count a token's
			// sign-in as a new one in the HTTP session.
			SecurityContextHolderStrategy holder = getSecurityContextHolderStrategy();
			sessionManagement.withObjectPostProcessor(new ObjectPostProcessor<SessionManagementFilter>() {

				@Override
				public <O extends SessionManagementFilter> O postProcess(O filter) {
					@SuppressWarnings("unchecked")
					O unmanaged = (O) new ClerkSignInsUnmanagedSessionManagementFilter(filter, holder);
					return unmanaged;
				}

			});
			// Its concurrent session filter, present with a session limit, would answer
			// an expired session before a token beside it is read.
			sessionManagement.withObjectPostProcessor(new ObjectPostProcessor<ConcurrentSessionFilter>() {

				@Override
				public <O extends ConcurrentSessionFilter> O postProcess(O filter) {
					@SuppressWarnings("unchecked")
					O tokenRequestsPass = (O) new TokenRequestsConcurrentSessionFilter(filter);
					return tokenRequestsPass;
				}

			});
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null && this.provider != null, "ClerkConfigurer was not initialized");
		// A manager of the Clerk provider alone: the chain's would ask its parent (the
		// form-login manager) about a token the provider refused, which publishes a
		// failure of its own, for no provider, before the refusal's (Spring Security
		// issue 10206).
		ProviderManager manager = new ProviderManager(this.provider);
		manager.setAuthenticationEventPublisher(ClerkAuthenticationEvents.publisherOf(context));
		ClerkAuthenticationFilter filter = new ClerkAuthenticationFilter(
				authenticationManagerPostProcessor(context).postProcess(manager));
		if (this.authenticationConverter != null) {
			filter.setAuthenticationConverter(this.authenticationConverter);
		}
		if (this.failureHandler != null) {
			filter.setAuthenticationFailureHandler(this.failureHandler);
		}
		if (this.securityContextRepository != null) {
			filter.setSecurityContextRepository(this.securityContextRepository);
		}
		SessionAuthenticationStrategy sessionAuthentication = http.getSharedObject(SessionAuthenticationStrategy.class);
		if (this.sessions != null && sessionAuthentication != null) {
			// A Clerk sign-in kept in the session does to it what the chain's form login
			// does: its session management's strategy (set in that configurer's init),
			// a new session id and a new CSRF token among them.
			this.sessions.setSessionAuthenticationStrategy(sessionAuthentication);
		}
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
	}

	/**
	 * What {@code HttpSecurity} does to its own authentication managers (with an
	 * {@code ObservationRegistry}, Spring Security's
	 * {@code spring.security.authentications} observation).
	 */
	private static ObjectPostProcessor<AuthenticationManager> authenticationManagerPostProcessor(
			ApplicationContext context) {
		ObjectProvider<ObjectPostProcessor<AuthenticationManager>> postProcessors = context.getBeanProvider(
				ResolvableType.forClassWithGenerics(ObjectPostProcessor.class, AuthenticationManager.class));
		return postProcessors.getIfUnique(ObjectPostProcessor::identity);
	}

	private AuthenticationEntryPoint entryPoint() {
		if (this.entryPoint == null) {
			this.entryPoint = new ClerkAuthenticationEntryPoint();
		}
		return this.entryPoint;
	}

	/**
	 * The application's {@link ClerkTokenAuthenticationConverter} bean, else the bearer
	 * header, the {@link ClerkSessionCookie} bean's cookie when there is one, and the
	 * {@link ClerkOrganizationSelector} bean's header.
	 */
	private static ClerkTokenAuthenticationConverter defaultConverter(ApplicationContext context) {
		ClerkTokenAuthenticationConverter own = context.getBeanProvider(ClerkTokenAuthenticationConverter.class)
			.getIfAvailable();
		if (own != null) {
			return own;
		}
		ClerkTokenAuthenticationConverter converter = new ClerkTokenAuthenticationConverter();
		context.getBeanProvider(ClerkSessionCookie.class).ifAvailable(converter::setSessionCookie);
		context.getBeanProvider(ClerkOrganizationSelector.class)
			.ifAvailable((selector) -> converter.setOrganizationHeaderName(selector.getHeaderName()));
		return converter;
	}

	private static <T> T bean(ApplicationContext context, Class<T> type, Supplier<T> fallback) {
		ObjectProvider<T> provider = context.getBeanProvider(type);
		return provider.getIfAvailable(fallback);
	}

	/**
	 * Whether a request names text, images or HTML among what it takes, as form login's
	 * browser rule reads it, but does not accept HTML (none, or only at {@code q=0}): an
	 * API client's, which a login page would not serve.
	 */
	private static boolean acceptsNoHtml(HttpServletRequest request) {
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		boolean browserTypes = accepted.stream()
			.anyMatch((type) -> !type.isWildcardType()
					&& (type.isCompatibleWith(MediaType.TEXT_PLAIN) || "image".equals(type.getType()) || isHtml(type)));
		boolean html = accepted.stream()
			.anyMatch((type) -> !type.isWildcardType() && isHtml(type) && type.getQualityValue() > 0);
		return browserTypes && !html;
	}

	private static boolean isHtml(MediaType type) {
		return MediaType.TEXT_HTML.isCompatibleWith(type) || MediaType.APPLICATION_XHTML_XML.isCompatibleWith(type);
	}

	private static boolean isClerkRequest(HttpServletRequest request) {
		return ClerkAuthenticationResponse.isClerkChallenge(ClerkTokenAuthenticationConverter.hasBearerHeader(request),
				request.getAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE),
				(TokenSource) request.getAttribute(TokenSource.ATTRIBUTE))
				|| ClerkAuthenticationEntryPoint.isFailedDispatchOfAToken(request);
	}

}
