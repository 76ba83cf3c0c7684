package dev.clerkusers.token;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

import dev.clerkusers.api.ClerkApiException;

/**
 * Thrown when a token is refused, a session token or a machine token (an API key, an M2M
 * token, an OAuth access token), with the {@linkplain #getReason() reason}.
 */
public class ClerkTokenException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TokenRejectionReason reason;

	/**
	 * Creates an exception.
	 * @param reason why the token was refused
	 * @param message details, safe to show to the client
	 */
	public ClerkTokenException(TokenRejectionReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Creates an exception with a cause.
	 * @param reason why the token was refused
	 * @param message details, safe to show to the client
	 * @param cause the underlying failure
	 */
	public ClerkTokenException(TokenRejectionReason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Why the token was refused.
	 * @return the reason
	 */
	public TokenRejectionReason getReason() {
		return this.reason;
	}

	/**
	 * How long Clerk asked to wait, when the token could not be verified because Clerk's
	 * Backend API rate-limited the call ({@code Retry-After} of its 429).
	 * @return the wait, if Clerk named one
	 */
	public Optional<Duration> getRetryAfter() {
		for (Throwable cause = getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof ClerkApiException api) {
				return api.getRetryAfter();
			}
		}
		return Optional.empty();
	}

}
