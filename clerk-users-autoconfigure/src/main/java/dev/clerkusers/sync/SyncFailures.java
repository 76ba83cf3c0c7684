package dev.clerkusers.sync;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import dev.clerkusers.api.ClerkApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an outage from bad data. Bad data fails one object, which the sync reports and
 * passes over; an outage of the database or of Clerk would fail every object the same
 * way, so it ends the sync at once.
 */
public final class SyncFailures {

	private SyncFailures() {
	}

	/**
	 * Whether a failure is an outage: the database or Clerk cannot be reached, or failed
	 * in a way that trying again later may not.
	 * @param failure the failure
	 * @return {@code true} for an outage
	 */
	public static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof ClerkApiException api && api.isUnavailable()) {
				return true;
			}
			if (cause instanceof SQLException sql && isOutageState(sql.getSQLState())) {
				return true;
			}
			if (isFailedRollback(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * A transaction that could not even be rolled back: its connection is gone. Spring
	 * says so with {@link TransactionSystemException}; through JPA, Hibernate's
	 * {@code TransactionException} says it (named, as Hibernate is optional here).
	 */
	private static boolean isFailedRollback(Throwable failure) {
		return failure instanceof TransactionSystemException
				|| failure.getClass().getName().equals("org.hibernate.TransactionException");
	}

	/**
	 * SQL states of a lost or refused connection: class 08 (connection exception), 53
	 * (insufficient resources) and 57P (operator intervention: shutdown, cannot connect
	 * now).
	 */
	private static boolean isOutageState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
	}

	/**
	 * Ends the sync when a failure is an outage.
	 * @param failure the failure
	 * @param doing what the sync was doing, for the message
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void abortOnOutage(RuntimeException failure, String doing) {
		if (isOutage(failure)) {
			throw new SyncAbortedException("The sync stopped while " + doing + ": " + failure.getMessage()
					+ ". What was stored before stays; run it again when the service is back.", failure);
		}
	}

}
