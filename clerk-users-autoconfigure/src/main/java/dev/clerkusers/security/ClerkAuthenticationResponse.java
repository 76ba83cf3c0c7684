package dev.clerkusers.security;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.token.TokenRejectionReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

/**
 * What a request whose Clerk authentication failed is answered, the same on every web
 * stack (servlet and reactive): the status, the headers and a small JSON body.
 * <ul>
 * <li>{@link #unauthorized(ClerkAuthenticationException)}: 401 with
 * {@code WWW-Authenticate: Bearer} (with {@code error="invalid_token"} and the reason
 * when a token was refused) and {@code {"error": "invalid_token", "reason":
 * "token-expired", "message": "…"}};</li>
 * <li>{@link #serviceUnavailable(AuthenticationServiceException)}: 503 with
 * {@code Retry-After}, when a service that authentication needs failed: a client must
 * retry, not sign its user out. The wait is the one Clerk asked for when it rate-limited
 * a call, else 5 seconds.</li>
 * <li>{@link #failed(HttpStatus)}: the status of a request that failed on the server
 * before it was authenticated, when its error dispatch reaches the entry point.</li>
 * </ul>
 *
 * @param status the HTTP status
 * @param headers the headers to set
 * @param body the JSON body
 */
public record ClerkAuthenticationResponse(HttpStatus status, Map<String, String> headers,
		Map<String, @Nullable Object> body) {

	/**
	 * Request (or exchange) attribute holding the {@link UnusedSessionCookie} of a
	 * request that has Clerk's {@code __session} cookie and no token from it, so that its
	 * 401 can say why.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 */
	public static final String UNUSED_SESSION_COOKIE_ATTRIBUTE = ClerkAuthenticationResponse.class.getName()
			+ ".UNUSED_SESSION_COOKIE";

	// Unless the failed service named a wait: the wait of a key source without keys
	// before it fetches again, so that a client that comes back as told finds the keys
	// fetched once Clerk is back.
	private static final Duration RETRY_AFTER = JwksKeySource.COLD_RETRY_INTERVAL;

	/**
	 * The 401 of a refused token, or of a request without credentials where a bearer
	 * token is expected.
	 * @param rejection the refusal, or {@code null} when the request had no credentials
	 * @return the response
	 */
	public static ClerkAuthenticationResponse unauthorized(@Nullable ClerkAuthenticationException rejection) {
		return unauthorized(rejection, List.of(), null);
	}

	/**
	 * The 401 of a refused token, or of a request without credentials where a bearer
	 * token is expected; for a request whose {@code Authorization} header holds no bearer
	 * token (a token without the scheme, as {@code @clerk/backend} takes it, or under
	 * another scheme such as {@code Token}), the message says how to send one, as it does
	 * for a request whose only credential is Clerk's {@code __session} cookie and which
	 * got no token from it (see {@link UnusedSessionCookie}). A {@code Basic} header,
	 * which another mechanism may read, gets the plain message.
	 * <p>
	 * Internal to clerk-users, shared by the servlet and reactive filters, as the type it
	 * takes: not public API (see {@code docs/versioning.md}).
	 * @param rejection the refusal, or {@code null} when the request had no credentials
	 * @param authorizations the values of the request's {@code Authorization} headers
	 * @param unusedSessionCookie why the request's {@code __session} cookie gave no token
	 * ({@link #UNUSED_SESSION_COOKIE_ATTRIBUTE}), or {@code null}
	 * @return the response
	 */
	public static ClerkAuthenticationResponse unauthorized(@Nullable ClerkAuthenticationException rejection,
			List<String> authorizations, @Nullable UnusedSessionCookie unusedSessionCookie) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		String challenge;
		if (rejection != null) {
			challenge = "Bearer error=\"invalid_token\", error_description=\"" + rejection.getCode() + "\"";
			body.put("error", "invalid_token");
			body.put("reason", rejection.getCode());
			body.put("message", rejection.getMessage());
		}
		else {
			challenge = "Bearer";
			body.put("error", "unauthorized");
			body.put("message",
					hasNoBearerScheme(authorizations)
							? "Authentication is required: the Authorization"
									+ " header has no Bearer scheme; send the token as 'Authorization: Bearer <token>'"
							: (unusedSessionCookie != null && authorizations.isEmpty())
									? "Authentication is required: " + unusedSessionCookie.why
											+ ", or send the token as 'Authorization: Bearer <token>'"
									: "Authentication is required");
		}
		return new ClerkAuthenticationResponse(HttpStatus.UNAUTHORIZED, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge),
				body);
	}

	/**
	 * Whether the request's one {@code Authorization} header is neither a bearer one nor
	 * a Basic one.
	 */
	private static boolean hasNoBearerScheme(List<String> authorizations) {
		if (authorizations.size() != 1 || authorizations.get(0).isBlank()) {
			return false;
		}
		String authorization = authorizations.get(0).trim();
		return !ClerkTokenAuthenticationRequest.isBearer(authorization)
				&& !authorization.regionMatches(true, 0, "Basic ", 0, 6);
	}

	/**
	 * The 403 of a request authenticated with a Clerk token that is not allowed what it
	 * asks for: {@code WWW-Authenticate: Bearer error="insufficient_scope"} and
	 * {@code {"error": "forbidden", "message": "Access is denied"}}.
	 * @return the response
	 */
	public static ClerkAuthenticationResponse forbidden() {
		return new ClerkAuthenticationResponse(HttpStatus.FORBIDDEN,
				Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""),
				body("forbidden", "Access is denied"));
	}

	/**
	 * The 503 of a failure of a service that authentication needs (the database or the
	 * keys), whatever the policy for refused tokens, since the request could be neither
	 * authenticated nor refused.
	 * @param failure the failure
	 * @return the response
	 */
	public static ClerkAuthenticationResponse serviceUnavailable(AuthenticationServiceException failure) {
		boolean clerk = failure instanceof ClerkServiceUnavailableException;
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("error", "service_unavailable");
		body.put("reason", clerk ? ((ClerkServiceUnavailableException) failure).getCode() : "service-unavailable");
		body.put("message", clerk ? failure.getMessage() : "Authentication is unavailable; try again shortly");
		Duration retryAfter = clerk ? ((ClerkServiceUnavailableException) failure).getRetryAfter().orElse(RETRY_AFTER)
				: RETRY_AFTER;
		// Whole seconds, rounded up (short of overflowing), at least one.
		long seconds = retryAfter.getSeconds();
		if (retryAfter.getNano() > 0 && seconds < Long.MAX_VALUE) {
			seconds++;
		}
		seconds = Math.max(1, seconds);
		return new ClerkAuthenticationResponse(HttpStatus.SERVICE_UNAVAILABLE,
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)), body);
	}

	/**
	 * The answer to the error dispatch of a request that failed before it was
	 * authenticated, where a 401 would misreport the failure as a sign-out: the failure's
	 * status and {@code {"error": "internal_server_error", "message": "Internal Server
	 * Error"}}, without its details and without a challenge.
	 * @param status the status of the failure
	 * @return the response
	 */
	public static ClerkAuthenticationResponse failed(HttpStatus status) {
		return new ClerkAuthenticationResponse(status, Map.of(),
				body(status.name().toLowerCase(Locale.ROOT), status.getReasonPhrase()));
	}

	/** A body of an error and a message, in that order, as every answer's begins. */
	private static Map<String, @Nullable Object> body(String error, String message) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("message", message);
		return body;
	}

	/**
	 * The refusal a failure stands for: itself when it is a
	 * {@link ClerkAuthenticationException}, else a {@code token-invalid} refusal with its
	 * message.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param failure the failure
	 * @return the refusal
	 */
	public static ClerkAuthenticationException rejectionOf(AuthenticationException failure) {
		return (failure instanceof ClerkAuthenticationException clerk) ? clerk : new ClerkAuthenticationException(
				TokenRejectionReason.MALFORMED.code(), String.valueOf(failure.getMessage()));
	}

	/**
	 * Whether a refusal is that of Clerk's {@code __session} cookie being out of date: it
	 * is refreshed by Clerk's frontend only while a tab is active, so a page opened after
	 * a while sends an expired one; and one issued by Clerk's clock ahead of this
	 * server's is not valid yet ({@code nbf}, or {@code iat} alone, since Clerk sets
	 * {@code nbf} 10 seconds earlier), the three reasons for which {@code @clerk/backend}
	 * starts its handshake. Such a cookie is no token, and no attack: the request goes on
	 * with the authentication it had (a form-login session, or anonymous), and a
	 * protected endpoint then answers anonymous API clients with the reason, while a
	 * chain with a login page sends browsers there.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param source where the refused token was found, or {@code null}
	 * @param rejection the refusal
	 * @return {@code true} for an expired or not-yet-valid cookie
	 */
	public static boolean isStaleCookie(@Nullable TokenSource source, ClerkAuthenticationException rejection) {
		if (source != TokenSource.COOKIE) {
			return false;
		}
		String code = rejection.getCode();
		return TokenRejectionReason.EXPIRED.code().equals(code)
				|| TokenRejectionReason.NOT_ACTIVE_YET.code().equals(code)
				|| TokenRejectionReason.ISSUED_IN_THE_FUTURE.code().equals(code);
	}

	/**
	 * Whether a request is answered with Clerk's 401 whatever it accepts, rather than
	 * sent to a login page: it has a bearer header (sent by code, which a redirect does
	 * not help), or its token was refused
	 * ({@link ClerkAuthenticationEntryPoint#REJECTION_ATTRIBUTE}) for another reason than
	 * a stale cookie.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param bearerHeader whether the request has a bearer header
	 * @param rejection the refusal recorded on the request, or {@code null}
	 * @param source where the refused token was found, or {@code null}
	 * @return {@code true} when Clerk's entry point answers the request
	 */
	public static boolean isClerkChallenge(boolean bearerHeader, @Nullable Object rejection,
			@Nullable TokenSource source) {
		return bearerHeader
				|| (rejection instanceof ClerkAuthenticationException refused && !isStaleCookie(source, refused));
	}

	/**
	 * The body as JSON.
	 * @return the JSON text
	 */
	public String bodyJson() {
		return JsonMapper.shared().writeValueAsString(this.body);
	}

	/**
	 * Why a request's {@code __session} cookie gave no token, for its 401 to say.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 */
	public enum UnusedSessionCookie {

		/**
		 * The session cookie is not read: {@code clerk.session-cookie.enabled} is not
		 * set.
		 */
		UNREAD("the __session cookie is not read unless clerk.session-cookie.enabled is set; set it"),

		/**
		 * The cookie was read and holds no session token of this Clerk instance: another
		 * application's session, or no token at all.
		 */
		NOT_OF_THIS_INSTANCE("Clerk's session cookie holds no session token of this instance (another"
				+ " application's, or no token at all); sign in again");

		private final String why;

		UnusedSessionCookie(String why) {
			this.why = why;
		}

		/**
		 * Why a request's session cookie gave no token, if it has one with a value.
		 * @param read the session cookie the application reads, or {@code null} when it
		 * reads none
		 * @param token the token the request's cookies gave, or {@code null}
		 * @param cookies the values of the request's cookies of a name
		 * @return why, or {@code null} when the cookie gave the token or the request has
		 * none with a value
		 */
		public static @Nullable UnusedSessionCookie of(@Nullable ClerkSessionCookie read, @Nullable String token,
				Function<String, ? extends Collection<String>> cookies) {
			if (token != null) {
				return null;
			}
			if (read == null) {
				return ClerkSessionCookie.named(ClerkSessionCookie.NAME).isSentWith(cookies) ? UNREAD : null;
			}
			return read.isSentWith(cookies) ? NOT_OF_THIS_INSTANCE : null;
		}

	}

}
