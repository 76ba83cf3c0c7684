package dev.clerkusers.mirror;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;

/**
 * The lock of a record was held by another writer past the lock timeout
 * ({@link AdvisoryLocks}): which record it was, for a caller that then leaves out the
 * other work that needs it.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public class RecordHeldException extends CannotAcquireLockException {

	private final String key;

	/**
	 * Creates an exception.
	 * @param key the record's key
	 * @param cause the lock statement's failure
	 */
	public RecordHeldException(String key, Throwable cause) {
		super("The record " + key + " was held by another writer past the lock timeout", cause);
		this.key = key;
	}

	/**
	 * The key of the record held.
	 * @return the key, for example a Clerk id
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The key of the record whose lock a failure could not take, if that is why it
	 * failed.
	 * @param failure the failure
	 * @return the key, or empty
	 */
	public static Optional<String> heldKey(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RecordHeldException held) {
				return Optional.of(held.key);
			}
		}
		return Optional.empty();
	}

}
