package dev.clerkusers.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * A chain's {@link RequestCache} that does not save a request carrying a bearer token.
 * Spring Security saves a request that needs authentication, to replay it after a
 * sign-in, and so creates an HTTP session; a token request is an API call that no sign-in
 * follows (one that a required {@link CurrentClerkUser @CurrentClerkUser} or
 * {@link CurrentClerkMachine @CurrentClerkMachine} argument refuses, say), and it is
 * answered without a session.
 */
final class TokenRequestsUnsavedRequestCache implements RequestCache {

	private final RequestCache delegate;

	TokenRequestsUnsavedRequestCache(RequestCache delegate) {
		this.delegate = delegate;
	}

	@Override
	public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
		if (!ClerkTokenAuthenticationConverter.hasBearerHeader(request)) {
			this.delegate.saveRequest(request, response);
		}
	}

	@Override
	public @Nullable SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
		return this.delegate.getRequest(request, response);
	}

	@Override
	public @Nullable HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
		return this.delegate.getMatchingRequest(request, response);
	}

	@Override
	public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
		this.delegate.removeRequest(request, response);
	}

}
