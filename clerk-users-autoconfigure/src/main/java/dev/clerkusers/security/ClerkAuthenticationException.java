package dev.clerkusers.security;

import java.io.Serial;

import dev.clerkusers.token.ClerkTokenException;

import org.springframework.security.core.AuthenticationException;

/**
 * A refused Clerk authentication, with a stable {@linkplain #getCode() code}: a token
 * rejection reason (for example {@code token-expired}), or {@value #USER_INACTIVE},
 * {@value #USER_LOCKED} or {@value #USER_UNKNOWN} for a valid token of a user who may not
 * sign in, or {@value #SESSION_LIMIT_EXCEEDED} for one whose sign-in the session may not
 * keep.
 */
public class ClerkAuthenticationException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * The user of a valid token is inactive (deleted, banned, deprovisioned, or locked
	 * out for good).
	 */
	public static final String USER_INACTIVE = "user-inactive";

	/**
	 * The user is locked out in Clerk (too many failed sign-in attempts), until the
	 * lockout ends by itself.
	 */
	public static final String USER_LOCKED = "user-locked";

	/** The user of a valid token is not stored and was not created. */
	public static final String USER_UNKNOWN = "user-unknown";

	/**
	 * In session mode, keeping the sign-in of a valid token in the session would pass the
	 * chain's concurrent session limit, set to prevent further sign-ins
	 * ({@code maximumSessions(n).maxSessionsPreventsLogin(true)}).
	 */
	public static final String SESSION_LIMIT_EXCEEDED = "session-limit-exceeded";

	private final String code;

	/**
	 * Creates an exception.
	 * @param code the stable code
	 * @param message details, safe to show to the client
	 */
	public ClerkAuthenticationException(String code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Creates an exception for a refused token.
	 * @param cause the token rejection
	 */
	public ClerkAuthenticationException(ClerkTokenException cause) {
		super(cause.getMessage(), cause);
		this.code = cause.getReason().code();
	}

	/**
	 * The stable code, sent in the 401 body and the {@code WWW-Authenticate} header.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

}
