package dev.clerkusers.it.sync;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.sync.SyncInProgressException;
import dev.clerkusers.sync.SyncRunLock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The lock that lets one sync or push run at a time is held by a transaction that stays
 * idle while the run works: a server's {@code idle_in_transaction_session_timeout} (set
 * on many managed PostgreSQL services) must not end it in the middle of a run.
 */
@PostgresIntegrationTest
class SyncRunLockTests {

	@Autowired
	DataSource dataSource;

	@Test
	void aServersIdleTransactionTimeoutDoesNotEndTheLockOfARun() {
		HikariDataSource pool = (HikariDataSource) this.dataSource;
		try (HikariDataSource strict = new HikariDataSource()) {
			strict.setJdbcUrl(pool.getJdbcUrl());
			strict.setUsername(pool.getUsername());
			strict.setPassword(pool.getPassword());
			strict.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=500");
			JdbcTemplate observer = new JdbcTemplate(this.dataSource);
			String result = new SyncRunLock(strict).run("sync", () -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> observer.queryForObject("""
						select count(*) from pg_stat_activity where state = 'idle in transaction'
						and query like '%pg_try_advisory_xact_lock%' and now() - state_change > interval '1 second'
						""", Long.class) > 0);
				Long holder = observer.queryForObject("""
						select pid from pg_stat_activity where state = 'idle in transaction'
						and query like '%pg_try_advisory_xact_lock%'
						""", Long.class);
				assertThatExceptionOfType(SyncInProgressException.class)
					.isThrownBy(() -> new SyncRunLock(this.dataSource).run("sync", () -> "a second run"))
					.as("review 281, F4: the refusal names the session holding the lock, and how to end it")
					.withMessageContaining("the database session " + holder)
					.withMessageContaining("select pg_terminate_backend(" + holder + ")");
				return "done";
			});
			assertThat(result).isEqualTo("done");
		}
	}

	/**
	 * Review 283, F1: advisory locks are kept per database, and the refusal named the
	 * first holder of the key on the whole server, which may be another database's run (a
	 * staging and a production database on one server).
	 */
	@Test
	void theRefusalNamesTheHolderInThisDatabaseNotAnothersOnTheSameServer() throws Exception {
		HikariDataSource pool = (HikariDataSource) this.dataSource;
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String other = "clerk_run_lock_other_" + Long.toHexString(System.nanoTime());
		jdbc.execute("create database " + other);
		try (HikariDataSource otherDatabase = new HikariDataSource()) {
			otherDatabase.setJdbcUrl(pool.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + other + "$1"));
			otherDatabase.setUsername(pool.getUsername());
			otherDatabase.setPassword(pool.getPassword());
			new SyncRunLock(otherDatabase).run("sync", () -> {
				Long otherHolder = new JdbcTemplate(otherDatabase)
					.queryForObject("select pid from pg_locks where locktype = 'advisory' and granted and database ="
							+ " (select oid from pg_database where datname = current_database())", Long.class);
				new SyncRunLock(this.dataSource).run("sync", () -> {
					assertThatExceptionOfType(SyncInProgressException.class)
						.isThrownBy(() -> new SyncRunLock(this.dataSource).run("sync", () -> "a second run"))
						.withMessageNotContaining("session " + otherHolder + " ")
						.withMessageContaining("the database session ");
					return "done";
				});
				return otherHolder;
			});
		}
		finally {
			jdbc.execute("drop database if exists " + other + " with (force)");
		}
	}

}
