package dev.clerkusers.security;

import java.util.Locale;

import dev.clerkusers.token.TokenRejectionReason;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Finds the Clerk session token of a request: {@code Authorization: Bearer <token>} (the
 * scheme in any case), or, only when enabled and only when there is no bearer header,
 * Clerk's {@code __session} cookie. Other {@code Authorization} schemes (such as Basic)
 * are left to other mechanisms.
 */
public class ClerkTokenResolver {

	private final boolean cookieEnabled;

	private final String cookieName;

	/**
	 * Creates a resolver.
	 * @param cookieEnabled whether to read the session cookie
	 * @param cookieName the cookie's name, usually {@code __session}
	 */
	public ClerkTokenResolver(boolean cookieEnabled, String cookieName) {
		this.cookieEnabled = cookieEnabled;
		this.cookieName = cookieName;
	}

	/**
	 * Finds the token of a request.
	 * @param request the request
	 * @return the token and where it was, or {@code null} when the request has none
	 * @throws ClerkAuthenticationException when the request has a bearer header without a
	 * token
	 */
	public @Nullable ResolvedToken resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && isBearer(header)) {
			String token = header.trim().substring(6).trim();
			if (token.isEmpty()) {
				throw new ClerkAuthenticationException(TokenRejectionReason.MALFORMED.code(),
						"The Authorization header has the Bearer scheme but no token");
			}
			return new ResolvedToken(token, Source.HEADER);
		}
		if (this.cookieEnabled && request.getCookies() != null) {
			for (Cookie cookie : request.getCookies()) {
				if (this.cookieName.equals(cookie.getName()) && cookie.getValue() != null
						&& !cookie.getValue().isBlank()) {
					return new ResolvedToken(cookie.getValue().trim(), Source.COOKIE);
				}
			}
		}
		return null;
	}

	/**
	 * Whether a request carries a bearer {@code Authorization} header.
	 * @param request the request
	 * @return {@code true} when it does
	 */
	public static boolean hasBearerHeader(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		return header != null && isBearer(header);
	}

	private static boolean isBearer(String header) {
		String trimmed = header.trim();
		return trimmed.length() >= 6 && trimmed.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
				&& (trimmed.length() == 6 || Character.isWhitespace(trimmed.charAt(6)));
	}

	/**
	 * Where a token was found.
	 */
	public enum Source {

		/** The {@code Authorization: Bearer} header. */
		HEADER,

		/** Clerk's session cookie. */
		COOKIE

	}

	/**
	 * A token and where it was found.
	 *
	 * @param value the token
	 * @param source where it was
	 */
	public record ResolvedToken(String value, Source source) {

		@Override
		public String toString() {
			return "ResolvedToken[source=" + this.source + "]";
		}

	}

}
