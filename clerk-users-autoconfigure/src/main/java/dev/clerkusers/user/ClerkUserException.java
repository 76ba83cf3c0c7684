package dev.clerkusers.user;

import java.io.Serial;

/**
 * Base class of the exceptions {@link ClerkUserSynchronizer} and
 * {@link ClerkUserAccounts} throw for input they refuse. When one is thrown, nothing
 * stored was changed.
 */
public abstract class ClerkUserException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 * @param message what was wrong
	 */
	protected ClerkUserException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 * @param message what was wrong
	 * @param cause the underlying failure
	 */
	protected ClerkUserException(String message, Throwable cause) {
		super(message, cause);
	}

}
