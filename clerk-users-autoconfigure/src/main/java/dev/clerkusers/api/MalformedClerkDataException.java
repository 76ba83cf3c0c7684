package dev.clerkusers.api;

import java.io.Serial;

/**
 * Thrown when data said to come from Clerk does not have the shape of a Clerk object: not
 * an object, no id, a field of the wrong type.
 */
public class MalformedClerkDataException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was wrong
	 */
	public MalformedClerkDataException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with the parsing failure.
	 * @param message what was wrong
	 * @param cause the parsing failure
	 */
	public MalformedClerkDataException(String message, Throwable cause) {
		super(message, cause);
	}

}
