package dev.clerkusers.token;

import java.io.Serial;

/**
 * Thrown when a session token is refused, with the {@linkplain #getReason() reason}.
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

}
