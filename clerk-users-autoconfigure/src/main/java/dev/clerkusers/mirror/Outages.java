package dev.clerkusers.mirror;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.MalformedURLException;
import java.net.ProtocolException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an outage of the database from bad data. Bad data fails one record for good: a
 * sync reports it and goes on, a webhook keeps the event as failed and answers it. An
 * outage of the database or of Clerk would fail every record the same way and passes: a
 * sync ends at once, a webhook is answered so that Clerk delivers it again. This class
 * tells the database's, and the network's; {@code ClerkApiException.isClerkOutage} tells
 * Clerk's.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class Outages {

	/** The SQL state of a lock not had within {@code lock_timeout}. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	/** The SQL state of a deadlock detected. */
	private static final String DEADLOCK = "40P01";

	/** The SQL state of a serialization failure. */
	private static final String SERIALIZATION_FAILURE = "40001";

	/** The SQL state of a unique constraint violated. */
	private static final String UNIQUE_VIOLATION = "23505";

	/**
	 * Hibernate's exception for a transaction it could not roll back: its connection is
	 * gone.
	 */
	private static final String HIBERNATE_TRANSACTION_EXCEPTION = "org.hibernate.TransactionException";

	private Outages() {
	}

	/**
	 * Whether a failure is an outage of the database (it cannot be reached, refused the
	 * connection, or lost it), or another failure that a retry resolves (a deadlock). A
	 * lock held elsewhere past {@code lock_timeout} is not: it concerns one record (see
	 * {@link #isUnavailable}).
	 * @param failure the failure
	 * @return {@code true} for an outage
	 */
	public static boolean isOutage(Throwable failure) {
		if (isLockNotAvailable(failure)) {
			// One record held elsewhere, not the database: the rest of a sync goes on.
			return false;
		}
		return anyCause(failure, (cause) -> cause instanceof CannotCreateTransactionException
				|| cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
				|| cause instanceof RecoverableDataAccessException || cause instanceof SQLTransientException
				|| cause instanceof SQLRecoverableException
				|| (cause instanceof SQLException sql && isOutageState(sql.getSQLState())) || isFailedRollback(cause));
	}

	/**
	 * Whether the database cannot serve work now, so that the same work tried again at
	 * once would wait as long and fail the same way: no connection could be had, the
	 * connection was lost (SQL state class 08, or a transaction that Hibernate could not
	 * even roll back), or a lock was held elsewhere past {@code lock_timeout} (55P03). A
	 * failure at commit of the data itself (a constraint) is none of these. Apart from
	 * the lock, a narrower case of {@link #isOutage}, which also counts failures that a
	 * retry resolves at once (a deadlock).
	 * @param failure the failure
	 * @return {@code true} when the database cannot serve work now
	 */
	public static boolean isUnavailable(Throwable failure) {
		return anyCause(failure,
				(cause) -> cause instanceof CannotCreateTransactionException
						|| cause.getClass().getName().equals(HIBERNATE_TRANSACTION_EXCEPTION)
						|| (cause instanceof SQLException sql && sql.getSQLState() != null
								&& sql.getSQLState().startsWith("08")))
				|| isLockNotAvailable(failure);
	}

	/**
	 * Whether a lock was held elsewhere past {@code lock_timeout}: SQL state 55P03, which
	 * Spring translates to {@link CannotAcquireLockException}. It concerns one record,
	 * which another writer holds: the work on that record can fail alone. A deadlock,
	 * which Spring reports through JPA as a {@code CannotAcquireLockException} too, is
	 * not one: it is a {@linkplain #isConflict conflict}.
	 * @param failure the failure
	 * @return {@code true} when a record was held elsewhere
	 */
	public static boolean isLockNotAvailable(Throwable failure) {
		return !isConflict(failure) && anyCause(failure, (cause) -> cause instanceof CannotAcquireLockException
				|| (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())));
	}

	/**
	 * Whether PostgreSQL rolled the transaction back for a conflict with a concurrent
	 * writer: a deadlock (SQL state 40P01) or a serialization failure (40001, under
	 * {@code REPEATABLE READ} or {@code SERIALIZABLE}). It concerns the records the two
	 * writers share, and the same work succeeds when tried again; through JPA, Spring
	 * reports a deadlock as a {@link CannotAcquireLockException}, so it is told by its
	 * SQL state.
	 * @param failure the failure
	 * @return {@code true} for a deadlock or a serialization failure
	 */
	public static boolean isConflict(Throwable failure) {
		return anyCause(failure, (cause) -> cause instanceof SQLException sql
				&& (DEADLOCK.equals(sql.getSQLState()) || SERIALIZATION_FAILURE.equals(sql.getSQLState())));
	}

	/**
	 * Whether a unique constraint was violated (SQL state 23505). Two writers inserting
	 * the same key at once, one of them loses that race: tried once more, it sees the
	 * other's row and takes its place beside it. Bad data fails the same way again.
	 * @param failure the failure
	 * @return {@code true} when a unique constraint was violated
	 */
	public static boolean isUniqueViolation(Throwable failure) {
		return anyCause(failure,
				(cause) -> cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()));
	}

	/**
	 * Whether a failure comes from the network: an I/O failure of {@code java.net} (a
	 * connection refused or reset, a timeout, an unknown host) anywhere among its causes,
	 * as a call to another service fails when that service or the path to it is down. A
	 * retry resolves it; bad data never fails this way.
	 * @param failure the failure
	 * @return {@code true} for a failure of the network
	 */
	public static boolean isNetworkFailure(Throwable failure) {
		return anyCause(failure,
				(cause) -> cause instanceof IOException && cause.getClass().getName().startsWith("java.net.")
						&& !(cause instanceof MalformedURLException) && !(cause instanceof ProtocolException));
	}

	/**
	 * Whether a failure comes from its thread being interrupted: an
	 * {@link InterruptedException}, an {@link InterruptedIOException} or a
	 * {@link ClosedByInterruptException} among its causes (Spring's JDK HTTP client
	 * reports one as an {@code IOException} "Request was interrupted" around it), or the
	 * thread still marked interrupted. The application is stopping, not the work failing:
	 * tried again, on this instance or another, it succeeds.
	 * @param failure the failure
	 * @return {@code true} when the work was interrupted
	 */
	public static boolean isInterruption(Throwable failure) {
		return Thread.currentThread().isInterrupted()
				|| anyCause(failure, (cause) -> cause instanceof InterruptedException
						|| cause instanceof InterruptedIOException || cause instanceof ClosedByInterruptException);
	}

	/**
	 * Whether a failure, or any of its causes, passes a test.
	 * @param failure the failure
	 * @param test the test
	 * @return {@code true} when one of them passes it
	 */
	public static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (test.test(cause)) {
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
				|| failure.getClass().getName().equals(HIBERNATE_TRANSACTION_EXCEPTION);
	}

	/**
	 * SQL states that a retry resolves: class 08 (connection exception), 53 (insufficient
	 * resources), 57P (operator intervention: shutdown, cannot connect now) and 40
	 * (transaction rollback: a deadlock between two writers, or a serialization failure;
	 * PostgreSQL rolled one back, and it succeeds when tried again).
	 */
	private static boolean isOutageState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
				|| state.startsWith("40"));
	}

}
