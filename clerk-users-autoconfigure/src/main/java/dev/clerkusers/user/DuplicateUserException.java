package dev.clerkusers.user;

import java.io.Serial;

/**
 * Thrown when a user would take an email (in any case of its ASCII letters), username or
 * Clerk id that another user already has. Without a cause, from a change applied from
 * Clerk, it can also mean that the row holding the value was changed by another writer
 * while this transaction worked (two users exchanging their addresses at once): stored
 * again in a new transaction, the change sees the other writer's and succeeds, as the
 * library's webhook processing, first sign-in and sync do.
 */
public class DuplicateUserException extends ClerkUserException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String field;

	/**
	 * Creates an exception.
	 * @param field the field whose value is taken: {@code email}, {@code username} or
	 * {@code clerk_id}
	 * @param message what was wrong
	 */
	public DuplicateUserException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * Creates an exception for a conflict the database reported.
	 * @param field the field whose value is taken ({@code email}, {@code username},
	 * {@code clerk_id}, or {@code id} when the id sequence is behind the table), or
	 * {@code unknown}
	 * @param message what was wrong
	 * @param cause the database error
	 */
	public DuplicateUserException(String field, String message, Throwable cause) {
		super(message, cause);
		this.field = field;
	}

	/**
	 * The field whose value is taken.
	 * @return {@code email}, {@code username}, {@code clerk_id} or {@code unknown}
	 */
	public String getField() {
		return this.field;
	}

}
