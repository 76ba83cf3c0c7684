package dev.clerkusers.security;

import java.io.IOException;

import dev.clerkusers.token.TokenRejectionReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a Clerk session token.
 * <ul>
 * <li>No token: the request goes on untouched (a form-login session, another mechanism,
 * or anonymous). In session mode, a Clerk sign-in kept in the HTTP session is revalidated
 * first.</li>
 * <li>A token: it decides who the request is, even when a form-login session exists (that
 * session is left as it is). On success the request is authenticated with a
 * {@link ClerkAuthenticationToken}; in the default stateless mode nothing is stored in
 * the HTTP session.</li>
 * <li>A refused token: 401 with the reason; or, with
 * {@code clerk.invalid-token-on-public-paths=anonymous}, the request goes on as anonymous
 * (never as the session's user), so that endpoints open to anonymous users still answer,
 * while protected ones answer 401 with the reason.</li>
 * </ul>
 * It is not a bean (a {@code Filter} bean would also be registered with the servlet
 * container and run twice); {@link ClerkConfigurer} adds it to each filter chain.
 */
public class ClerkAuthenticationFilter extends OncePerRequestFilter {

	private final AuthenticationManager authenticationManager;

	private final ClerkTokenResolver tokenResolver;

	private final AuthenticationEntryPoint entryPoint;

	private final boolean anonymousOnInvalidToken;

	private final @Nullable ClerkOrganizationSelector organizationSelector;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	private final @Nullable ClerkSessionLogins sessionLogins;

	private final SecurityContextRepository requestRepository = new RequestAttributeSecurityContextRepository();

	private final WebAuthenticationDetailsSource detailsSource = new WebAuthenticationDetailsSource();

	private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates a filter.
	 * @param authenticationManager the filter chain's authentication manager
	 * @param tokenResolver finds tokens on requests
	 * @param entryPoint answers refused tokens
	 * @param anonymousOnInvalidToken whether a refused token lets the request go on as
	 * anonymous
	 * @param organizationSelector chooses an organization when the token has none, or
	 * {@code null}
	 * @param authoritiesMapper maps authorities when an organization is chosen
	 * @param sessionLogins session-mode support, or {@code null} in stateless mode
	 */
	public ClerkAuthenticationFilter(AuthenticationManager authenticationManager, ClerkTokenResolver tokenResolver,
			AuthenticationEntryPoint entryPoint, boolean anonymousOnInvalidToken,
			@Nullable ClerkOrganizationSelector organizationSelector, ClerkAuthoritiesMapper authoritiesMapper,
			@Nullable ClerkSessionLogins sessionLogins) {
		this.authenticationManager = authenticationManager;
		this.tokenResolver = tokenResolver;
		this.entryPoint = entryPoint;
		this.anonymousOnInvalidToken = anonymousOnInvalidToken;
		this.organizationSelector = organizationSelector;
		this.authoritiesMapper = authoritiesMapper;
		this.sessionLogins = sessionLogins;
	}

	/**
	 * Sets the security context holder strategy.
	 * @param holder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
		this.holder = holder;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ClerkTokenResolver.ResolvedToken token;
		try {
			token = this.tokenResolver.resolve(request);
		}
		catch (ClerkAuthenticationException ex) {
			reject(request, response, chain, ex);
			return;
		}
		if (token == null) {
			if (this.sessionLogins != null) {
				this.sessionLogins.revalidate(request, response, this.holder);
			}
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication;
		try {
			ClerkTokenAuthenticationRequest authenticationRequest = new ClerkTokenAuthenticationRequest(token.value(),
					token.source());
			authenticationRequest.setDetails(this.detailsSource.buildDetails(request));
			authentication = this.authenticationManager.authenticate(authenticationRequest);
		}
		catch (AuthenticationException ex) {
			reject(request, response, chain, ex);
			return;
		}
		if (authentication instanceof ClerkAuthenticationToken clerk) {
			authentication = selectOrganization(request, clerk);
		}
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		if (this.sessionLogins != null) {
			this.sessionLogins.store(request, response, context);
		}
		else {
			this.requestRepository.saveContext(context, request, response);
		}
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Authenticated Clerk user " + authentication.getName() + " from the " + token.source());
		}
		chain.doFilter(request, response);
	}

	private Authentication selectOrganization(HttpServletRequest request, ClerkAuthenticationToken authentication) {
		if (this.organizationSelector == null || authentication.getOrganization().isPresent()) {
			return authentication;
		}
		return this.organizationSelector.select(request, authentication).<Authentication>map((organization) -> {
			ClerkAuthenticationToken selected = ClerkAuthenticationToken.of(authentication.getUser(),
					authentication.getClaims(), organization, this.authoritiesMapper, authentication.getVerifiedAt());
			selected.setDetails(authentication.getDetails());
			return selected;
		}).orElse(authentication);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			AuthenticationException failure) throws IOException, ServletException {
		ClerkAuthenticationException rejection = (failure instanceof ClerkAuthenticationException clerk) ? clerk
				: new ClerkAuthenticationException(TokenRejectionReason.MALFORMED.code(),
						String.valueOf(failure.getMessage()));
		request.setAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE, rejection);
		this.holder.setContext(this.holder.createEmptyContext());
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Refused a Clerk token: " + rejection.getCode() + " (" + rejection.getMessage() + ")");
		}
		if (this.anonymousOnInvalidToken) {
			chain.doFilter(request, response);
			return;
		}
		this.entryPoint.commence(request, response, rejection);
	}

}
