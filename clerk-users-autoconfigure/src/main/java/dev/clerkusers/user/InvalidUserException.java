package dev.clerkusers.user;

import java.io.Serial;

/**
 * Thrown when user data is incomplete or out of bounds: a user without email and without
 * Clerk id, a blank password, a field longer than its column.
 */
public class InvalidUserException extends ClerkUserException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was wrong, naming the field
	 */
	public InvalidUserException(String message) {
		super(message);
	}

}
