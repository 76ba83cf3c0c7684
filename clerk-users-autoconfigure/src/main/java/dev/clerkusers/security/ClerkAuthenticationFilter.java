package dev.clerkusers.security;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a Clerk token, in the shape of Spring Security's
 * {@code BearerTokenAuthenticationFilter}:
 * <ul>
 * <li>the {@link AuthenticationConverter} finds the token (by default
 * {@link ClerkTokenAuthenticationConverter}); no token: the request goes on with the
 * authentication it had (a form-login session, another mechanism, or anonymous), once the
 * stored security context could be checked: when
 * {@link ClerkFormLoginSecurityContextRepository} or
 * {@link ClerkSessionSecurityContextRepository} could not check a stored sign-in (the
 * database failed), a {@link ClerkServiceUnavailableException} goes to the
 * {@link AuthenticationFailureHandler}, which answers it 503, instead of the request
 * going on as anonymous;</li>
 * <li>a token decides who the request is, even when a form-login session exists (that
 * session is left as it is): the {@link AuthenticationManager} authenticates it and the
 * {@link SecurityContextRepository} keeps the result (by default for this request only;
 * in session mode in the HTTP session; a machine token's always for this request only).
 * It is also kept in the request's {@link RequestAttributeSecurityContextRepository}
 * attribute, which {@link ClerkConfigurer} has the filter chain read before the HTTP
 * session on the request's later dispatches (async, error), so that those run as the
 * token's user too;</li>
 * <li>a refused token goes to the {@link AuthenticationFailureHandler}, which answers it,
 * and the request ends there, as after Spring Security's own authentication filters; only
 * {@link ClerkAuthenticationFailureHandler#anonymous()}, which writes nothing, lets it go
 * on (unauthenticated). An outage (an {@code AuthenticationServiceException}) that an
 * application's handler left unanswered (it set no status, wrote nothing, sent no error
 * or redirect) is answered 503; one it answered is its answer alone;</li>
 * <li>an expired or not-yet-valid {@code __session} cookie (the cookie of a tab left
 * idle, {@link ClerkAuthenticationResponse#isStaleCookie}) is no token, whatever the
 * failure handler: the request goes on with the authentication it had (a form-login
 * session, or anonymous), read as for a request without token;</li>
 * <li>a form sign-in further down the chain that the database could not check goes to the
 * {@link AuthenticationFailureHandler} too (503), when {@link ClerkConfigurer} configured
 * that chain's form login.</li>
 * </ul>
 * It is not a bean (a {@code Filter} bean would also be registered with the servlet
 * container and run twice); {@link ClerkConfigurer} adds it to each filter chain.
 */
public class ClerkAuthenticationFilter extends OncePerRequestFilter {

	private final AuthenticationManager authenticationManager;

	private AuthenticationConverter authenticationConverter = new ClerkTokenAuthenticationConverter();

	private AuthenticationFailureHandler failureHandler = ClerkAuthenticationFailureHandler
		.refusing(new ClerkAuthenticationEntryPoint());

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private final SecurityContextRepository requestOnly = new RequestAttributeSecurityContextRepository();

	private AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource = new WebAuthenticationDetailsSource();

	private SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Creates a filter.
	 * @param authenticationManager the authentication manager of the tokens
	 */
	public ClerkAuthenticationFilter(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager must not be null");
		this.authenticationManager = authenticationManager;
	}

	/**
	 * Sets how tokens are found on requests.
	 * @param authenticationConverter the converter
	 */
	public void setAuthenticationConverter(AuthenticationConverter authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter must not be null");
		this.authenticationConverter = authenticationConverter;
	}

	/**
	 * Sets what a refused token, or a stored sign-in that could not be checked, does to
	 * its request.
	 * @param failureHandler the failure handler
	 */
	public void setAuthenticationFailureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler must not be null");
		this.failureHandler = failureHandler;
	}

	/**
	 * Sets where a successful authentication is kept.
	 * @param securityContextRepository the repository
	 */
	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository must not be null");
		this.securityContextRepository = securityContextRepository;
	}

	/**
	 * Sets the source of the authentication request's details.
	 * @param detailsSource the source
	 */
	public void setAuthenticationDetailsSource(AuthenticationDetailsSource<HttpServletRequest, ?> detailsSource) {
		Assert.notNull(detailsSource, "detailsSource must not be null");
		this.detailsSource = detailsSource;
	}

	/**
	 * Sets the security context holder strategy.
	 * @param holder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy holder) {
		Assert.notNull(holder, "holder must not be null");
		this.holder = holder;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authenticationRequest;
		try {
			authenticationRequest = this.authenticationConverter.convert(request);
		}
		catch (AuthenticationException ex) {
			fail(request, response, chain, ex);
			return;
		}
		if (authenticationRequest == null) {
			proceed(request, response, chain);
			return;
		}
		if (authenticationRequest instanceof AbstractAuthenticationToken token && token.getDetails() == null) {
			token.setDetails(this.detailsSource.buildDetails(request));
		}
		Authentication authentication;
		try {
			authentication = this.authenticationManager.authenticate(authenticationRequest);
		}
		catch (AuthenticationException ex) {
			fail(request, response, chain, ex);
			return;
		}
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		if (!(authentication instanceof ClerkMachineAuthenticationToken)) {
			// First: in session mode, the repository reads what the session held before.
			try {
				this.securityContextRepository.saveContext(context, request, response);
			}
			catch (SessionAuthenticationException ex) {
				// The chain's session strategy refused to keep the sign-in (a concurrent
				// session limit): refused as a form login's would be, not a server error.
				fail(request, response, chain, new ClerkAuthenticationException(
						ClerkAuthenticationException.SESSION_LIMIT_EXCEEDED, String.valueOf(ex.getMessage())));
				return;
			}
		}
		// Kept for this request's later dispatches (async, error), which this filter
		// does not see; a machine only for them, never in an HTTP session.
		this.requestOnly.saveContext(context, request, response);
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("Authenticated Clerk user " + authentication.getName());
		}
		next(request, response, chain);
	}

	private void fail(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			AuthenticationException failure) throws IOException, ServletException {
		ClerkAuthenticationException rejection = ClerkAuthenticationResponse.rejectionOf(failure);
		if (ClerkAuthenticationResponse.isStaleCookie((TokenSource) request.getAttribute(TokenSource.ATTRIBUTE),
				rejection)) {
			// A stale cookie is no token, whatever the chain's failure handler: the
			// request goes on with the authentication it had (a form-login session, say),
			// and a 401 later names the reason.
			request.setAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE, rejection);
			proceed(request, response, chain);
			return;
		}
		// A refused token never falls back to another authentication, on this request's
		// later dispatches either.
		SecurityContext empty = this.holder.createEmptyContext();
		this.holder.setContext(empty);
		this.requestOnly.saveContext(empty, request, response);
		if (this.logger.isDebugEnabled()) {
			String code = (failure instanceof ClerkAuthenticationException clerk) ? clerk.getCode()
					: failure.getClass().getSimpleName();
			this.logger.debug("Refused a Clerk token, or a stored sign-in that could not be checked: " + code);
		}
		if (answer(request, response, failure)) {
			return;
		}
		if (this.failureHandler instanceof ClerkAuthenticationFailureHandler) {
			// The anonymous policy writes nothing: the request goes on as anonymous.
			proceed(request, response, chain);
		}
		else if (failure instanceof AuthenticationServiceException unavailable) {
			// An application's handler owns the answer, as after Spring Security's own
			// filters; an outage it left unanswered is still answered as one.
			ClerkAuthenticationFailureHandler.serviceUnavailable(response, unavailable);
		}
	}

	/**
	 * Hands a failure to the failure handler.
	 * @return whether the handler answered it: set a status, wrote a body (committed or
	 * still in the buffer), sent an error or a redirect
	 */
	private boolean answer(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException, ServletException {
		AnswerWatchingResponse watched = new AnswerWatchingResponse(response);
		this.failureHandler.onAuthenticationFailure(request, watched, failure);
		return watched.answered || response.isCommitted();
	}

	/**
	 * Lets a request without a usable token go on with the authentication it had, once
	 * its stored security context could be checked: a sign-in that could not be (a
	 * failure of the database) is a failure of this request's authentication, answered
	 * once.
	 */
	private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		this.holder.getContext();
		ClerkServiceUnavailableException unchecked = UncheckedSignIns.take(request);
		if (unchecked != null) {
			fail(request, response, chain, unchecked);
			return;
		}
		next(request, response, chain);
	}

	/**
	 * Goes down the chain, and answers a form sign-in that the database could not check
	 * (see {@link FormSignInOutages}) as a failure of this request's authentication.
	 */
	private void next(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try {
			chain.doFilter(request, response);
		}
		catch (ClerkSignInUnavailableException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			this.logger.warn("A form sign-in could not be checked: " + ex.getMessage());
			if (!answer(request, response, ex.getFailure())) {
				ClerkAuthenticationFailureHandler.serviceUnavailable(response, ex.getFailure());
			}
		}
	}

	/**
	 * A response that notes whether a failure handler answered through it.
	 */
	private static final class AnswerWatchingResponse extends HttpServletResponseWrapper {

		private boolean answered;

		AnswerWatchingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setStatus(int status) {
			this.answered = true;
			super.setStatus(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			this.answered = true;
			super.sendError(status, message);
		}

		@Override
		public void sendError(int status) throws IOException {
			this.answered = true;
			super.sendError(status);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			this.answered = true;
			super.sendRedirect(location);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			this.answered = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			this.answered = true;
			return super.getWriter();
		}

	}

}
