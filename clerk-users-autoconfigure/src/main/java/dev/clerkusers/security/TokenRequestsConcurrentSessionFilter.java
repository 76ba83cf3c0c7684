package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.session.ConcurrentSessionFilter;

/**
 * A chain's {@link ConcurrentSessionFilter} that lets a request carrying a bearer token
 * go on to the token. Spring Security's filter answers a request whose HTTP session its
 * concurrent session control expired ("This session has been expired") before any
 * authentication filter reads the request; a token decides who its request is, whatever
 * session it also carries (a staff account's form login, say), so the token is read and
 * the expired session is left for the session's own requests to meet.
 */
final class TokenRequestsConcurrentSessionFilter extends ConcurrentSessionFilter {

	private final ConcurrentSessionFilter delegate;

	TokenRequestsConcurrentSessionFilter(ConcurrentSessionFilter delegate) {
		super(new SessionRegistryImpl());
		this.delegate = delegate;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && ClerkTokenAuthenticationConverter.hasBearerHeader(http)) {
			chain.doFilter(request, response);
			return;
		}
		this.delegate.doFilter(request, response, chain);
	}

}
