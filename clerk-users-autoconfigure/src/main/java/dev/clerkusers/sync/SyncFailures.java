package dev.clerkusers.sync;

import java.sql.SQLException;
import java.util.function.Supplier;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.mirror.Outages;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.StringUtils;

/**
 * Tells an outage from bad data in a sync. Bad data fails one object, which the sync
 * reports and passes over; an outage of the database or of Clerk would fail every object
 * the same way, so it ends the sync at once.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API (see
 * {@code docs/versioning.md}).
 */
public final class SyncFailures {

	private SyncFailures() {
	}

	/**
	 * Whether a failure is an outage: of the database ({@link Outages}), or of Clerk (no
	 * answer, 5xx, 429 after the retries, or an answer that is not Clerk's: a redirect, a
	 * 404 without Clerk's errors). A conflict with a concurrent writer (a deadlock, a
	 * serialization failure) is not: it concerns the records they share.
	 * @param failure the failure
	 * @return {@code true} for an outage
	 */
	public static boolean isOutage(Throwable failure) {
		return !Outages.isConflict(failure) && (ClerkApiException.isClerkOutage(failure) || Outages.isOutage(failure));
	}

	/**
	 * What a failure that ended a sync or a push says to an operator (a command's line):
	 * its message, and for Clerk's refusal of the secret key what to check
	 * ({@link ClerkApiException#getMessageForOperators()}).
	 * @param failure the failure
	 * @return the message
	 */
	public static String describe(RuntimeException failure) {
		return (failure instanceof ClerkApiException api) ? api.getMessageForOperators()
				: String.valueOf(failure.getMessage());
	}

	/**
	 * Ends the sync when a failure is an outage.
	 * @param failure the failure
	 * @param doing what the sync was doing, for the message
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void abortOnOutage(RuntimeException failure, String doing) {
		if (isOutage(failure)) {
			throw new SyncAbortedException("The sync stopped while " + doing + ": " + sentence(reason(failure))
					+ " What was stored before stays; " + whenAgain(failure), failure);
		}
	}

	/**
	 * When to run a stopped sync or push again: after the wait Clerk's rate limit asked
	 * for (longer than a run waits, or asked once too often), else when the service is
	 * back.
	 */
	private static String whenAgain(RuntimeException failure) {
		@Nullable ClerkApiException limited = null;
		for (Throwable cause = failure; cause != null
				&& limited == null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ClerkApiException api && api.isRateLimited()) {
				limited = api;
			}
		}
		if (limited == null) {
			return "run it again when the service is back.";
		}
		String asked = limited.getRetryAfter()
			.map((wait) -> ": it asked to wait " + wait.toSeconds() + " s")
			.orElse("");
		return "Clerk's rate limit stopped it" + asked + ", and a run waits out a rate limit only up to "
				+ "clerk.api.max-retry-wait at a time and clerk.api.max-retries times: run it again once Clerk's wait "
				+ "is over.";
	}

	/**
	 * Ends a sync or a push when a failure is an outage at one of the steps they share
	 * before either changes anything (the Clerk instance check, the lock).
	 * @param failure the failure
	 * @param doing what the step was doing, for the message
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void abortBeforeChangesOnOutage(RuntimeException failure, String doing) {
		if (isOutage(failure)) {
			throw new SyncAbortedException("Stopped before changing anything, while " + doing + ": "
					+ sentence(reason(failure)) + " " + StringUtils.capitalize(whenAgain(failure)), failure);
		}
	}

	/**
	 * Ends a push when a failure is an outage.
	 * @param failure the failure
	 * @param doing what the push was doing, for the message
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void abortPushOnOutage(RuntimeException failure, String doing) {
		if (isOutage(failure)) {
			throw new SyncAbortedException("The push stopped while " + doing + ": " + sentence(reason(failure))
					+ " The users pushed before stay linked; " + whenAgain(failure), failure);
		}
	}

	/**
	 * Lists a record as failed, or ends the sync when it failed for an outage. A record
	 * that another writer held past the lock timeout, or whose transaction PostgreSQL
	 * rolled back for a conflict with a concurrent writer, is listed as such, for the
	 * next sync to try again; any other failure with its message.
	 * @param failure why the record failed
	 * @param doing what the sync was doing, for the message of an outage
	 * @param record the record, as listed among the failures
	 * @param counter counts the failure
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void failedAlone(RuntimeException failure, String doing, String record, SyncCounter counter) {
		abortOnOutage(failure, doing);
		counter.failed(record + ": "
				+ (Outages.isConflict(failure)
						? "rolled back for a conflict with a concurrent writer (a deadlock or a serialization failure);"
								+ " the next sync tries again"
						: Outages.isLockNotAvailable(failure)
								? "held by another writer past clerk.lock-timeout; the next sync tries again"
								: failure.getMessage()));
	}

	/**
	 * Reads a record Clerk listed, as {@link ClerkResource#read(JsonNode, Class)} reads
	 * it, or lists it as failed when it cannot be read: the others of its page are read
	 * all the same. Whether Clerk has it is the caller's to note, from its JSON.
	 * @param <T> the type of the record
	 * @param json the record as Clerk sent it
	 * @param type the type of the record
	 * @param what what the record is, for the message ({@code "the user"})
	 * @param counter counts it as processed and failed when it cannot be read
	 * @return the record, or {@code null} when it cannot be read
	 */
	public static <T extends ClerkResource> @Nullable T readOrFailAlone(JsonNode json, Class<T> type, String what,
			SyncCounter counter) {
		try {
			return ClerkResource.read(json, type);
		}
		catch (MalformedClerkDataException ex) {
			JsonNode id = json.get("id");
			String record = (id != null && id.isString()) ? id.asString() : "null";
			counter.processed();
			failedAlone(ex, "reading " + what + " " + record, record, counter);
			return null;
		}
	}

	/**
	 * Does the part of the sync that concerns one record, which fails alone (listed as
	 * failed) when another writer holds the record past the lock timeout, and ends the
	 * sync when it fails for an outage.
	 * @param doing what the part does, for the message
	 * @param record the record, as listed among the failures
	 * @param counter counts the failure
	 * @param work the part
	 * @return {@code true} when it was done, {@code false} when the record was held
	 * @throws SyncAbortedException when it failed for an outage; other failures are
	 * thrown as they are
	 */
	public static boolean failingAloneWhenHeld(String doing, String record, SyncCounter counter, Runnable work) {
		try {
			abortingOnOutage(doing, () -> {
				work.run();
				return null;
			});
			return true;
		}
		catch (RuntimeException ex) {
			if (ex instanceof SyncAbortedException || !(Outages.isLockNotAvailable(ex) || Outages.isConflict(ex))) {
				throw ex;
			}
			failedAlone(ex, doing, record, counter);
			return false;
		}
	}

	/**
	 * Does a part of the sync, and ends the sync when it fails for an outage.
	 * @param <T> the type of its result
	 * @param doing what the part does, for the message
	 * @param work the part
	 * @return its result
	 * @throws SyncAbortedException when it failed for an outage; other failures are
	 * thrown as they are
	 */
	public static <T extends @Nullable Object> T abortingOnOutage(String doing, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (RuntimeException ex) {
			abortOnOutage(ex, doing);
			throw ex;
		}
	}

	/**
	 * Reads what reconciliation compares with Clerk's listing, every stored record of a
	 * kind, and ends the sync when the database cannot serve the read: an outage, or a
	 * lock on the whole table held past the lock timeout (a migration's
	 * {@code ALTER TABLE}, say), which concerns no one record that the sync could list as
	 * failed and pass over.
	 * @param <T> the type of what is read
	 * @param what what is read, for the message ({@code "the stored memberships"})
	 * @param read the read
	 * @return what it read
	 * @throws SyncAbortedException when the database could not serve the read; other
	 * failures are thrown as they are
	 */
	public static <T extends @Nullable Object> T abortingWhenUnreadable(String what, Supplier<T> read) {
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			if (ex instanceof SyncAbortedException) {
				throw ex;
			}
			if (Outages.isLockNotAvailable(ex)) {
				throw new SyncAbortedException("The sync stopped while reading " + what
						+ ": another transaction held their table past clerk.lock-timeout (a migration's ALTER TABLE,"
						+ " say). What was stored before stays; run it again once that transaction has ended.", ex);
			}
			abortOnOutage(ex, "reading " + what);
			throw ex;
		}
	}

	/**
	 * What an outage says of itself: for a transaction that could not even be rolled back
	 * (the connection was gone), the failure that ended it, as the driver tells it, not
	 * the failed rollback.
	 */
	private static @Nullable String reason(RuntimeException failure) {
		if (failure instanceof TransactionSystemException failedRollback
				&& failedRollback.getApplicationException() != null) {
			return driversReason(failedRollback.getApplicationException());
		}
		return failure.getMessage();
	}

	/**
	 * The driver's message of a failure (its first SQL exception's, whose cause, an
	 * {@code EOFException} say, may have none), else its own.
	 */
	private static @Nullable String driversReason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException && cause.getMessage() != null) {
				return cause.getMessage();
			}
		}
		return failure.getMessage();
	}

	private static String sentence(@Nullable String message) {
		String text = (message != null) ? message.strip() : "no message";
		return text.endsWith(".") ? text : text + ".";
	}

}
