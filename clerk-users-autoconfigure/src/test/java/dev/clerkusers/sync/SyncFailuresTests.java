package dev.clerkusers.sync;

import java.io.EOFException;
import java.sql.SQLException;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link SyncFailures} words the end of a sync stopped by an outage, and a record
 * that fails alone.
 */
class SyncFailuresTests {

	@Test
	void anOutageWhoseMessageEndsASentenceIsQuotedWithOnePeriod() {
		DataAccessResourceFailureException outage = new DataAccessResourceFailureException(
				"This connection has been closed.");

		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> SyncFailures.abortOnOutage(outage, "storing a page of users"))
			.withMessage("The sync stopped while storing a page of users: This connection has been closed. "
					+ "What was stored before stays; run it again when the service is back.")
			.withCause(outage);
	}

	/**
	 * Black-box run 309: a page's transaction that the outage ended could not be rolled
	 * back either, and the line told the failed rollback ("Unable to rollback against
	 * JDBC Connection") instead of the outage.
	 */
	@Test
	void aTransactionThatCouldNotBeRolledBackIsToldByTheFailureThatEndedIt() {
		// As the driver throws it: its cause, the socket's end of stream, has no message.
		SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006",
				new EOFException());
		DataAccessResourceFailureException failed = new DataAccessResourceFailureException(
				"could not execute statement [insert into clerk_users (clerk_id) values (?)]", lost);
		TransactionSystemException rollback = new TransactionSystemException(
				"Could not roll back the transaction: Unable to rollback against JDBC Connection");
		rollback.initApplicationException(failed);

		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> SyncFailures.abortOnOutage(rollback, "storing a page of users"))
			.withMessage("The sync stopped while storing a page of users: An I/O error occurred while sending to the "
					+ "backend. What was stored before stays; run it again when the service is back.")
			.withCause(rollback);
	}

	@Test
	void anOutageWhoseMessageEndsWithoutPeriodGetsOne() {
		DataAccessResourceFailureException outage = new DataAccessResourceFailureException("Connection refused");

		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> SyncFailures.abortOnOutage(outage, "listing users"))
			.withMessage("The sync stopped while listing users: Connection refused. "
					+ "What was stored before stays; run it again when the service is back.");
	}

	@Test
	void aPushIsCalledAPush() {
		DataAccessResourceFailureException outage = new DataAccessResourceFailureException("Connection refused");

		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> SyncFailures.abortPushOnOutage(outage, "pushing the local user u1"))
			.withMessage("The push stopped while pushing the local user u1: Connection refused. "
					+ "The users pushed before stay linked; run it again when the service is back.");
	}

	@Test
	void theStepsASyncAndAPushShareNameNeither() {
		DataAccessResourceFailureException outage = new DataAccessResourceFailureException("Connection refused");

		assertThatExceptionOfType(SyncAbortedException.class)
			.isThrownBy(() -> SyncFailures.abortBeforeChangesOnOutage(outage, "taking the lock"))
			.withMessage("Stopped before changing anything, while taking the lock: Connection refused. "
					+ "Run it again when the service is back.");
	}

	/**
	 * Black-box run 30: under {@code SERIALIZABLE}, a user that lost a conflict with a
	 * concurrent webhook was listed as held past {@code clerk.lock-timeout}, which it was
	 * not (JPA reports a deadlock as a lock not acquired).
	 */
	@Test
	void aRecordRolledBackForAConflictFailsAloneAndSaysSo() {
		SyncCounter counter = new SyncCounter("users", false, Clock.systemUTC());
		CannotAcquireLockException deadlock = new CannotAcquireLockException("could not execute statement",
				new SQLException("ERROR: deadlock detected", "40P01"));
		SyncFailures.failedAlone(deadlock, "storing the user user_1", "user_1", counter);
		SQLException serialization = new SQLException("could not serialize access", "40001");
		SyncFailures.failedAlone(new RuntimeException(serialization), "storing the user user_2", "user_2", counter);
		assertThat(counter.summary().failures()).containsExactly(
				"user_1: rolled back for a conflict with a concurrent writer (a deadlock or a serialization failure);"
						+ " the next sync tries again",
				"user_2: rolled back for a conflict with a concurrent writer (a deadlock or a serialization failure);"
						+ " the next sync tries again");
	}

	@Test
	void aRecordHeldPastTheLockTimeoutFailsAloneAndSaysSo() {
		SyncCounter counter = new SyncCounter("users", false, Clock.systemUTC());
		SyncFailures.failedAlone(
				new CannotAcquireLockException("could not execute statement",
						new SQLException("ERROR: canceling statement due to lock timeout", "55P03")),
				"storing the user user_3", "user_3", counter);
		assertThat(counter.summary().failures())
			.containsExactly("user_3: held by another writer past clerk.lock-timeout; the next sync tries again");
	}

}
