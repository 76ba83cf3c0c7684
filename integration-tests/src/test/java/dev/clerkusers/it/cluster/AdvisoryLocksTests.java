package dev.clerkusers.it.cluster;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.BoundedWaitsTransactionTemplate;
import dev.clerkusers.mirror.Outages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link AdvisoryLocks} on a real PostgreSQL: a lock that another transaction holds is
 * waited for a bounded time, failing as a record not available now (not an outage of the
 * database); the transaction's own {@code lock_timeout} is left as it was.
 */
@PostgresIntegrationTest
class AdvisoryLocksTests {

	private static final int NAMESPACE = 0x54657374;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void aLockHeldElsewhereFailsAfterTheTimeoutAsARecordNotAvailable() throws Exception {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(this.dataSource));
		locks.setLockTimeout(Duration.ofMillis(200));
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("select pg_advisory_xact_lock(" + NAMESPACE + ", hashtext('held'))");
			}
			assertThatException()
				.isThrownBy(() -> transaction.executeWithoutResult((status) -> locks.lock(NAMESPACE, "held")))
				.matches(Outages::isUnavailable, "is a record not available now");
			assertThatException()
				.isThrownBy(() -> transaction
					.executeWithoutResult((status) -> locks.lockAll(NAMESPACE, List.of("free", "held"))))
				.matches(Outages::isUnavailable, "is a record not available now");
			holder.rollback();
		}
		transaction.executeWithoutResult((status) -> locks.lockAll(NAMESPACE, List.of("free", "held")));
	}

	@Test
	void theTransactionsOwnLockTimeoutIsLeftAsItWas() {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(this.dataSource));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String after = new TransactionTemplate(this.transactionManager).execute((status) -> {
			jdbc.execute("set local lock_timeout = '7s'");
			locks.lock(NAMESPACE, "one");
			String afterOne = jdbc.queryForObject("show lock_timeout", String.class);
			locks.lockAll(NAMESPACE, List.of("two", "three"));
			return afterOne + " " + jdbc.queryForObject("show lock_timeout", String.class);
		});
		assertThat(after).isEqualTo("7s 7s");
	}

	/**
	 * Review of 93fb9bb: work bounded by the lock timeout that failed in Java, not in
	 * PostgreSQL, left the transaction, which goes on, with the library's timeout instead
	 * of its own.
	 */
	@Test
	void workThatFailsInJavaLeavesTheTransactionsOwnLockTimeoutAsItWas() {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(this.dataSource));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String after = new TransactionTemplate(this.transactionManager).execute((status) -> {
			jdbc.execute("set local lock_timeout = '7s'");
			assertThatIllegalStateException().isThrownBy(() -> locks.withLockTimeout(() -> {
				throw new IllegalStateException("the work's own failure");
			}));
			return jdbc.queryForObject("show lock_timeout", String.class);
		});
		assertThat(after).isEqualTo("7s");
	}

	/**
	 * Review of ebaaeb8: a transaction tried without waiting kept its 1 ms bound up to
	 * its commit, where PostgreSQL takes a lock that every committing transaction with a
	 * {@code NOTIFY} (a cache eviction) holds a moment: a record nobody held failed as
	 * held. The work's writes are flushed under the 1 ms bound, and the commit waits the
	 * lock timeout.
	 */
	@Test
	void aTransactionTriedWithoutWaitingCommitsUnderTheLockTimeout() {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(this.dataSource));
		locks.setLockTimeout(Duration.ofSeconds(3));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		BoundedWaitsTransactionTemplate transaction = new BoundedWaitsTransactionTemplate(this.transactionManager);
		transaction.setLocks(locks);
		AtomicReference<String> duringWork = new AtomicReference<>();
		AtomicReference<String> atCommit = new AtomicReference<>();
		transaction.executeFailingFast((status) -> {
			duringWork.set(jdbc.queryForObject("show lock_timeout", String.class));
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void beforeCommit(boolean readOnly) {
					atCommit.set(jdbc.queryForObject("show lock_timeout", String.class));
				}

			});
			return null;
		});
		assertThat(duringWork).hasValue("1ms");
		assertThat(atCommit).hasValue("3s");
	}

	/**
	 * A transaction that {@link AdvisoryLocks#failFast()} marked waits 1 ms for every
	 * lock, the library's per-record locks included, whatever their timeout.
	 */
	@Test
	void aTransactionMarkedToFailFastWaitsForNoLock() throws Exception {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(this.dataSource));
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			try (Statement statement = holder.createStatement()) {
				statement.execute("select pg_advisory_xact_lock(" + NAMESPACE + ", hashtext('held'))");
			}
			// A guard against a hang, not a measure: without the mark the lock would be
			// waited for without end.
			locks.setLockTimeout(Duration.ofMinutes(10));
			assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> assertThatException().isThrownBy(() -> transaction.executeWithoutResult((status) -> {
						locks.failFast();
						locks.lock(NAMESPACE, "held");
					})).matches(Outages::isUnavailable, "is a record not available now"));
			holder.rollback();
		}
	}

}
