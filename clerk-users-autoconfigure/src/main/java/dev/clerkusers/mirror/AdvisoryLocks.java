package dev.clerkusers.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.util.Assert;

/**
 * PostgreSQL advisory locks held until the current transaction ends, one per Clerk
 * record: the writers of one record wait for each other, on every application instance
 * sharing the database. Locks are keyed by a namespace (one per kind of record) and the
 * record's key, hashed with PostgreSQL's {@code hashtext}.
 * <p>
 * A lock is waited for {@link #setLockTimeout(Duration) 5 s} at most (PostgreSQL's
 * {@code lock_timeout}, for the lock statement only): a writer that holds a record for
 * longer (an application's webhook handler that hangs) fails the waiting one with SQL
 * state {@code 55P03}, which {@link Outages} tells as transient, rather than holding its
 * thread and connection for good. A request answers 503, a webhook is delivered again.
 * <p>
 * Must be called inside a transaction on the database's connection. Besides,
 * {@link #inTurn} gives work to one instance at a time (a sync, the webhook retention),
 * and {@link #exclusively} makes the instances take turns at it (the schema migrations).
 */
public class AdvisoryLocks {

	private static final Log logger = LogFactory.getLog(AdvisoryLocks.class);

	/** Separates keys in the single statement of {@link #lockAll}. */
	private static final char SEPARATOR = '\u001F';

	/** How long a lock is waited for by default. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * The lock timeout to set: the one given, or 1 ms in a transaction that
	 * {@link #failFast()} marked, whose every wait is to be short.
	 */
	private static final String TIMEOUT = "case current_setting('clerk.fail_fast', true) when 'on' then '1ms' else ? end";

	/**
	 * Sets {@code lock_timeout} for the lock statement, and the transaction's own value
	 * back once the locks are taken (the target list is evaluated in order).
	 */
	private static final String TIMEOUT_FROM = " from (select current_setting('lock_timeout') as previous,"
			+ " set_config('lock_timeout', " + TIMEOUT + ", true)) as timeout";

	/** The lock statements' rows say nothing. */
	private static final RowCallbackHandler NOTHING = (row) -> {
	};

	private final JdbcTemplate jdbc;

	private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

	private String lockTimeoutSetting = setting(DEFAULT_LOCK_TIMEOUT);

	/**
	 * Creates the locks.
	 * @param jdbc the database, on the same data source as the transactions
	 */
	public AdvisoryLocks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sets how long a lock is waited for (default 5 s).
	 * @param lockTimeout the longest wait, at least 1 ms
	 */
	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeoutSetting = setting(lockTimeout);
		this.lockTimeout = lockTimeout;
	}

	/**
	 * Returns how long a lock is waited for.
	 * @return the longest wait
	 */
	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	/**
	 * Takes the lock of a record, waiting for the transaction that holds it, at most the
	 * lock timeout.
	 * @param namespace the kind of record
	 * @param key the record's key, for example its Clerk id
	 * @throws org.springframework.dao.CannotAcquireLockException when another transaction
	 * held it past the lock timeout
	 * @throws IllegalArgumentException for a key with the unit separator (U+001F)
	 */
	public void lock(int namespace, String key) {
		checkKey(key);
		try {
			this.jdbc
				.query("select pg_advisory_xact_lock(?, hashtext(?))::text, set_config('lock_timeout', previous, true)"
						+ TIMEOUT_FROM, NOTHING, namespace, key, this.lockTimeoutSetting);
		}
		catch (DataAccessException ex) {
			if (Outages.isLockNotAvailable(ex)) {
				throw new RecordHeldException(key, ex);
			}
			throw ex;
		}
	}

	/**
	 * Bounds every lock wait of the current transaction, of rows as well as of records'
	 * locks, by the lock timeout, until it ends (a transaction that {@link #failFast()}
	 * marked waits so again): for a transaction of the library's own, never a caller's.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 */
	public void boundWaits() {
		this.jdbc.query("select set_config('clerk.fail_fast', 'off', true), set_config('lock_timeout', ?, true)",
				NOTHING, this.lockTimeoutSetting);
	}

	/**
	 * Makes every lock wait of the current transaction, of rows and of records' locks,
	 * last 1 ms at most, until it ends: to try a record whose lock or row another writer
	 * was found holding past the lock timeout, without waiting for it once more. For a
	 * transaction of the library's own, never a caller's.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 */
	public void failFast() {
		this.jdbc.query("select set_config('clerk.fail_fast', 'on', true), set_config('lock_timeout', '1ms', true)",
				NOTHING);
	}

	/**
	 * Runs work that writes rows of records whose locks it does not take (a value freed
	 * on another user's row, the rows that point at a user), waiting for a row that
	 * another transaction holds at most the lock timeout: PostgreSQL's
	 * {@code lock_timeout} is set for the work, and the transaction's own value set back
	 * after it.
	 * @param <T> the type of the result
	 * @param work the work, in the current transaction
	 * @return its result
	 */
	public <T> T withLockTimeout(Supplier<T> work) {
		String previous = this.jdbc.queryForObject(
				"select current_setting('lock_timeout') as previous, set_config('lock_timeout', " + TIMEOUT + ", true)",
				(row, number) -> row.getString(1), this.lockTimeoutSetting);
		T result;
		try {
			result = work.get();
		}
		catch (RuntimeException ex) {
			// A failure of Java code leaves the transaction going on, and it keeps its
			// own value. After a failure of PostgreSQL's the transaction is aborted and
			// sets the value back as it ends: setting it here fails, and must not hide
			// the failure that counts.
			try {
				setLockTimeout(previous);
			}
			catch (RuntimeException setBack) {
				ex.addSuppressed(setBack);
			}
			throw ex;
		}
		setLockTimeout(previous);
		return result;
	}

	private void setLockTimeout(String setting) {
		this.jdbc.query("select set_config('lock_timeout', ?, true)", NOTHING, setting);
	}

	/**
	 * Takes the locks of many records in one statement, in a fixed order, so that
	 * concurrent callers locking overlapping sets cannot deadlock.
	 * @param namespace the kind of record
	 * @param keys the records' keys
	 * @throws org.springframework.dao.CannotAcquireLockException when another transaction
	 * held one past the lock timeout
	 * @throws IllegalArgumentException for a key with the unit separator (U+001F)
	 */
	public void lockAll(int namespace, Collection<String> keys) {
		List<String> sorted = List.copyOf(new TreeSet<>(keys));
		if (sorted.isEmpty()) {
			return;
		}
		if (sorted.size() == 1) {
			lock(namespace, sorted.get(0));
			return;
		}
		sorted.forEach(AdvisoryLocks::checkKey);
		this.jdbc.query("""
				select count(*), set_config('lock_timeout', min(previous), true) from (
				select pg_advisory_xact_lock(?, hashtext(id)), previous
				from (select distinct id from unnest(string_to_array(?, chr(31))) as ids(id) order by id) as ordered,
				(select current_setting('lock_timeout') as previous, set_config('lock_timeout', %s, true)) as timeout
				) as clerk_locks""".formatted(TIMEOUT), NOTHING, namespace,
				String.join(String.valueOf(SEPARATOR), sorted), this.lockTimeoutSetting);
	}

	/**
	 * Runs work while holding a lock that one holder at a time gets, on every instance
	 * sharing the database, or answers without running it when another holder has the
	 * lock. The lock is taken without waiting by a transaction of its own on the given
	 * connection, which stays open for the length of the work (idle, with no snapshot and
	 * no row lock under PostgreSQL's default isolation, so it delays no vacuum, and
	 * exempt from the server's {@code idle_in_transaction_session_timeout}) and is then
	 * rolled back: the lock ends with it, or with the connection when that is lost. A
	 * session lock would not do behind a pooler in transaction pooling mode, which may
	 * run its release in another server session than the one holding it, leaving the lock
	 * held there.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param <T> the type of the result
	 * @param connection a connection for the lock alone, which the work does not use:
	 * never the connection of a caller's transaction, which this rolls back
	 * @param key the lock's key
	 * @param work the work, which uses connections of its own
	 * @param whenHeld the result when another holder has the lock
	 * @return the work's result, or {@code whenHeld}'s
	 * @throws SQLException when the lock cannot be asked for
	 */
	public static <T> T inTurn(Connection connection, long key, Supplier<T> work, Supplier<T> whenHeld)
			throws SQLException {
		return inTurn(connection, "pg_try_advisory_xact_lock(?)", key, work, whenHeld);
	}

	/**
	 * Runs work while holding a lock that one holder at a time gets, on every instance
	 * sharing the database, waiting for it while another holder has it. The lock is held
	 * as by {@link #inTurn}, by a transaction of its own on the given connection.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param <T> the type of the result
	 * @param connection a connection for the lock alone, which the work does not use:
	 * never the connection of a caller's transaction, which this rolls back
	 * @param key the lock's key
	 * @param work the work, which uses connections of its own
	 * @return the work's result
	 * @throws SQLException when the lock cannot be had
	 */
	public static <T> T exclusively(Connection connection, long key, Supplier<T> work) throws SQLException {
		return inTurn(connection, "(select true from pg_advisory_xact_lock(?))", key, work, () -> {
			throw new IllegalStateException("An advisory lock was not granted");
		});
	}

	private static <T> T inTurn(Connection connection, String lock, long key, Supplier<T> work, Supplier<T> whenHeld)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			boolean taken;
			// The transaction stays idle while the work runs: a server's
			// idle_in_transaction_session_timeout must not end it, and the lock with it.
			try (PreparedStatement statement = connection.prepareStatement(
					"select " + lock + ", set_config('idle_in_transaction_session_timeout', '0', true)")) {
				statement.setLong(1, key);
				try (ResultSet result = statement.executeQuery()) {
					taken = result.next() && result.getBoolean(1);
				}
			}
			return taken ? work.get() : whenHeld.get();
		}
		finally {
			endTurn(connection, autoCommit);
		}
	}

	/**
	 * Ends a turn's transaction, and so its lock. When the connection is gone (an outage
	 * during the work), so is the lock: PostgreSQL releases a session's locks when the
	 * session ends.
	 */
	private static void endTurn(Connection connection, boolean autoCommit) {
		try {
			connection.rollback();
			connection.setAutoCommit(autoCommit);
		}
		catch (SQLException ex) {
			logger.debug("Could not end a turn's transaction; its lock ends with its session: " + ex);
		}
	}

	/**
	 * Returns a duration as a value of PostgreSQL's {@code lock_timeout}.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param timeout the duration, at least 1 ms
	 * @return the setting's value
	 */
	public static String setting(Duration timeout) {
		Assert.isTrue(timeout.toMillis() >= 1, "A lock timeout must be at least 1 ms");
		return timeout.toMillis() + "ms";
	}

	/**
	 * Whether {@link #lockAll} can take the lock of a key: one without the unit separator
	 * (U+001F), which its single statement puts between the keys.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param key the key
	 * @return whether it can be locked
	 */
	public static boolean isLockable(String key) {
		return key.indexOf(SEPARATOR) < 0;
	}

	private static void checkKey(String key) {
		Assert.isTrue(isLockable(key), "A lock key must not contain the unit separator");
	}

}
