package dev.clerkusers.sync;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link SyncFailures} words the end of a sync stopped by an outage.
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

}
