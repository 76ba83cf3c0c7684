package dev.clerkusers.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

import dev.clerkusers.security.ClerkAuthenticationResponse.UnusedSessionCookie;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Finds the Clerk session token of a request and turns it into a
 * {@link ClerkTokenAuthenticationRequest}: {@code Authorization: Bearer <token>} (the
 * scheme in any case), or, only when a cookie name is set and only when there is no
 * bearer header, Clerk's {@code __session} cookie. Other {@code Authorization} schemes
 * (such as Basic) are left to other mechanisms. When an organization header name is set,
 * the organization the request asks for comes along.
 */
public final class ClerkTokenAuthenticationConverter implements AuthenticationConverter {

	private @Nullable ClerkSessionCookie sessionCookie;

	private @Nullable String organizationHeaderName;

	/**
	 * Reads the session cookie too, under this name (usually {@code __session}).
	 * @param sessionCookieName the cookie's name, or {@code null} to read the header only
	 * (the default)
	 */
	public void setSessionCookieName(@Nullable String sessionCookieName) {
		this.sessionCookie = (sessionCookieName != null) ? ClerkSessionCookie.named(sessionCookieName) : null;
	}

	/**
	 * Reads Clerk's session cookie too, as this says: by its name, and the instance's
	 * suffixed one first.
	 * @param sessionCookie the cookie, or {@code null} to read the header only (the
	 * default)
	 */
	public void setSessionCookie(@Nullable ClerkSessionCookie sessionCookie) {
		this.sessionCookie = sessionCookie;
	}

	/**
	 * Passes on the organization a request asks for in this header, for an organization
	 * selector to check.
	 * @param organizationHeaderName the header's name, for example
	 * {@code X-Organization-Id}, or {@code null} (the default)
	 */
	public void setOrganizationHeaderName(@Nullable String organizationHeaderName) {
		this.organizationHeaderName = organizationHeaderName;
	}

	/**
	 * Finds the token of a request.
	 * @param request the request
	 * @return the authentication request, or {@code null} when the request has no token;
	 * one with a bearer header without a token, or several {@code Authorization} headers
	 * and a bearer one among them, is a request that the provider refuses
	 */
	@Override
	public @Nullable ClerkTokenAuthenticationRequest convert(HttpServletRequest request) {
		ClerkTokenAuthenticationRequest found = ClerkTokenAuthenticationRequest.find(authorizations(request),
				() -> sessionCookie(request),
				() -> (this.organizationHeaderName != null) ? ClerkTokenAuthenticationRequest
					.requestedOrganization(headers(request, this.organizationHeaderName)) : null);
		if (found != null) {
			request.setAttribute(TokenSource.ATTRIBUTE, found.getSource());
		}
		return found;
	}

	private static List<String> authorizations(HttpServletRequest request) {
		return headers(request, HttpHeaders.AUTHORIZATION);
	}

	/**
	 * The values of a request's headers of a name, in order.
	 * @param request the request
	 * @param name the header's name
	 * @return the values, empty when there is none
	 */
	static List<String> headers(HttpServletRequest request, String name) {
		Enumeration<String> headers = request.getHeaders(name);
		return (headers != null) ? Collections.list(headers) : List.of();
	}

	private @Nullable String sessionCookie(HttpServletRequest request) {
		if (request.getCookies() == null) {
			return null;
		}
		Function<String, List<String>> cookies = (name) -> cookie(request.getCookies(), name);
		String token = (this.sessionCookie != null) ? this.sessionCookie.token(cookies) : null;
		UnusedSessionCookie unused = UnusedSessionCookie.of(this.sessionCookie, token, cookies);
		if (unused != null) {
			request.setAttribute(ClerkAuthenticationResponse.UNUSED_SESSION_COOKIE_ATTRIBUTE, unused);
		}
		return token;
	}

	private static List<String> cookie(Cookie[] cookies, String name) {
		List<String> values = new ArrayList<>(1);
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && cookie.getValue() != null) {
				values.add(cookie.getValue());
			}
		}
		return values;
	}

	/**
	 * Whether a request carries a bearer {@code Authorization} header (among others).
	 * @param request the request
	 * @return {@code true} when it does
	 */
	public static boolean hasBearerHeader(HttpServletRequest request) {
		return authorizations(request).stream().anyMatch(ClerkTokenAuthenticationRequest::isBearer);
	}

}
