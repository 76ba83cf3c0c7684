package dev.clerkusers.mirror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Outages}: what a retry resolves passes (a webhook is answered so that Clerk
 * delivers it again); bad data fails for good.
 */
class OutagesTests {

	@Test
	void aLostConnectionIsAnOutage() {
		assertThat(Outages.isOutage(wrapped(new SQLException("gone", "08006")))).isTrue();
	}

	/**
	 * A unique key violated is a race another writer may have won (tried again, it sees
	 * the other's row), and neither an outage nor another constraint.
	 */
	@Test
	void aUniqueViolationIsToldFromOtherConstraintsAndFromOutages() {
		RuntimeException duplicate = wrapped(new SQLException("duplicate key value", "23505"));
		assertThat(Outages.isUniqueViolation(duplicate)).isTrue();
		assertThat(Outages.isOutage(duplicate)).isFalse();
		assertThat(Outages.isUniqueViolation(wrapped(new SQLException("violates foreign key", "23503")))).isFalse();
		assertThat(Outages.isUniqueViolation(wrapped(new SQLException("gone", "08006")))).isFalse();
	}

	/**
	 * Two writers that lock each other's rows: PostgreSQL rolls one back (40P01), as it
	 * does a serializable transaction that lost (40001). The loser succeeds when tried
	 * again, so it is not kept as failed.
	 */
	@Test
	void aDeadlockOrASerializationFailureIsTransient() {
		assertThat(Outages.isOutage(wrapped(new SQLException("deadlock detected", "40P01")))).isTrue();
		assertThat(Outages.isOutage(wrapped(new SQLException("could not serialize", "40001")))).isTrue();
	}

	/**
	 * A lock that another writer held past {@code lock_timeout} concerns one record, not
	 * the database: a sync goes on with the others, while a request or a delivery that
	 * needs the record cannot be served now.
	 */
	@Test
	void aLockNotAvailableInTimeIsNoOutageButTheRecordIsUnavailable() {
		RuntimeException lockTimeout = wrapped(new SQLException("canceling statement due to lock timeout", "55P03"));
		assertThat(Outages.isOutage(lockTimeout)).isFalse();
		assertThat(Outages.isUnavailable(lockTimeout)).isTrue();
		assertThat(Outages.isOutage(new CannotAcquireLockException("lock timeout"))).isFalse();
		assertThat(Outages.isUnavailable(new CannotAcquireLockException("lock timeout"))).isTrue();
	}

	/**
	 * Review 42 (#3): through JPA, Spring reports a deadlock as a
	 * {@link CannotAcquireLockException} too. It is still a conflict that a retry
	 * resolves, not a record held past the lock timeout, which a sync would then take for
	 * held and try its other records without waiting.
	 */
	@Test
	void aDeadlockReportedAsACannotAcquireLockExceptionIsNoLockHeldPastTheTimeout() {
		RuntimeException deadlock = new CannotAcquireLockException("could not execute statement",
				new SQLException("deadlock detected", "40P01"));
		assertThat(Outages.isLockNotAvailable(deadlock)).isFalse();
		assertThat(Outages.isConflict(deadlock)).isTrue();
		assertThat(Outages.isOutage(deadlock)).isTrue();
		assertThat(Outages.isUnavailable(deadlock)).isFalse();
	}

	/**
	 * A commit that fails on the data itself (a constraint checked at commit) is bad
	 * data: the event is recorded as failed, not dropped as if the database were away.
	 */
	@Test
	void aCommitFailingOnTheDataIsNotUnavailable() {
		assertThat(Outages.isUnavailable(new TransactionSystemException("Could not commit JPA transaction",
				new IllegalStateException("constraint violated"))))
			.isFalse();
	}

	/**
	 * The database cannot serve work now when a connection cannot be had or was lost, or
	 * a lock is held elsewhere; a deadlock is transient, but a retry at once gets
	 * through.
	 */
	@Test
	void aLostConnectionOrALockNotHadIsUnavailableButADeadlockIsNot() {
		assertThat(Outages.isUnavailable(wrapped(new SQLException("gone", "08006")))).isTrue();
		assertThat(Outages.isUnavailable(wrapped(new SQLException("lock timeout", "55P03")))).isTrue();
		assertThat(Outages.isUnavailable(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(Outages.isUnavailable(wrapped(new SQLException("deadlock detected", "40P01")))).isFalse();
		assertThat(Outages.isUnavailable(new IllegalStateException("bad"))).isFalse();
	}

	@Test
	void aUniqueViolationIsBadData() {
		assertThat(Outages.isOutage(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
		assertThat(Outages.isOutage(new IllegalStateException("bad"))).isFalse();
	}

	@Test
	void aFailureOfTheNetworkAnywhereAmongTheCausesIsOne() {
		assertThat(Outages.isNetworkFailure(new UncheckedIOException(new ConnectException("refused")))).isTrue();
		assertThat(Outages.isNetworkFailure(new IllegalStateException(new SocketTimeoutException("read timed out"))))
			.isTrue();
		assertThat(Outages.isNetworkFailure(new UncheckedIOException(new HttpTimeoutException("timed out")))).isTrue();
	}

	/**
	 * Other I/O failures, a JSON parser's of Jackson 2 among them, are bad data: retried
	 * they fail the same way.
	 */
	@Test
	void anotherIoFailureIsNoFailureOfTheNetwork() {
		assertThat(Outages.isNetworkFailure(new UncheckedIOException(new IOException("unexpected character"))))
			.isFalse();
		assertThat(Outages.isNetworkFailure(new IllegalArgumentException(new MalformedURLException("no protocol"))))
			.isFalse();
		assertThat(Outages.isNetworkFailure(new IllegalStateException("bad"))).isFalse();
	}

	/**
	 * As a persistence provider throws it: the driver's exception deep in the causes.
	 */
	private static RuntimeException wrapped(SQLException ex) {
		return new IllegalStateException("statement failed", new RuntimeException(ex));
	}

}
