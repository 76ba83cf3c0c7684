package dev.clerkusers.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One sync or push at a time, on every instance that shares the database: a PostgreSQL
 * session advisory lock, held on a connection of its own for the length of the run. A run
 * that finds the lock taken is refused at once with {@link SyncInProgressException}.
 */
public class SyncRunLock {

	private static final Log logger = LogFactory.getLog(SyncRunLock.class);

	/** The advisory lock's key: the first eight bytes of "clerk-users sync". */
	static final long KEY = 0x636c65726b2d7379L;

	private final DataSource dataSource;

	/**
	 * Creates the lock.
	 * @param dataSource the database the instances share
	 */
	public SyncRunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Runs work while holding the lock.
	 * @param <T> the result type
	 * @param what what runs, for the refusal's message
	 * @param work the work
	 * @return the work's result
	 * @throws SyncInProgressException when another sync or push holds the lock
	 * @throws SyncAbortedException when the database is unavailable
	 */
	public <T> T run(String what, Supplier<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!lock(connection, "select pg_try_advisory_lock(?)")) {
				throw new SyncInProgressException("Another sync or push is running; the " + what
						+ " was not started. Try again when it has finished.");
			}
			try {
				return work.get();
			}
			finally {
				unlock(connection);
			}
		}
		catch (SQLException ex) {
			DataAccessResourceFailureException failure = new DataAccessResourceFailureException(
					"Could not take the sync lock", ex);
			SyncFailures.abortOnOutage(failure, "taking the sync lock");
			throw failure;
		}
	}

	/**
	 * Releases the lock. When the connection is gone (an outage during the run), so is
	 * the lock: PostgreSQL releases a session's locks when the session ends.
	 */
	private static void unlock(Connection connection) {
		try {
			lock(connection, "select pg_advisory_unlock(?)");
		}
		catch (SQLException ex) {
			logger.debug("Could not release the sync lock; it ends with its session: " + ex);
		}
	}

	private static boolean lock(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

}
