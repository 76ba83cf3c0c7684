package dev.clerkusers.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.clerkusers.mirror.AdvisoryLocks;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One sync or push at a time, on every instance that shares the database: a PostgreSQL
 * advisory lock, held by a transaction of its own on a connection of its own for the
 * length of the run ({@link AdvisoryLocks#inTurn}), so also behind a pooler in
 * transaction pooling mode. A run that finds the lock taken is refused at once with
 * {@link SyncInProgressException}.
 */
public class SyncRunLock {

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
			return AdvisoryLocks.inTurn(connection, KEY, work, () -> {
				throw new SyncInProgressException("Another sync or push is running; the " + what
						+ " was not started. Try again when it has finished." + holder(connection));
			});
		}
		catch (SQLException ex) {
			DataAccessResourceFailureException failure = new DataAccessResourceFailureException(
					"Could not take the sync lock", ex);
			SyncFailures.abortBeforeChangesOnOutage(failure, "taking the lock that runs one sync or push at a time");
			throw failure;
		}
	}

	/**
	 * Names the database session of this database that holds the lock, and how to end it:
	 * a run whose host was lost without closing its connection holds the lock until the
	 * server notices.
	 * @return the sentence, or an empty string when the session cannot be told
	 */
	private static String holder(Connection connection) {
		try (PreparedStatement statement = connection.prepareStatement("""
				select a.pid, host(a.client_addr), a.xact_start
				from pg_locks l join pg_stat_activity a on a.pid = l.pid
				where l.locktype = 'advisory' and l.granted and l.objsubid = 1
				and l.database = (select oid from pg_database where datname = current_database())
				and l.classid::bigint = ? and l.objid::bigint = ?
				""")) {
			statement.setLong(1, KEY >>> 32);
			statement.setLong(2, KEY & 0xFFFFFFFFL);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return "";
				}
				long pid = result.getLong(1);
				String client = result.getString(2);
				Timestamp since = result.getTimestamp(3);
				return " It is held by the database session " + pid + " (client "
						+ ((client != null) ? client : "unknown or local")
						+ ((since != null) ? ", since " + since.toInstant() : "") + "). If the run on that client is"
						+ " gone (its host lost without closing its connection), end the session with select"
						+ " pg_terminate_backend(" + pid + "); that releases the lock but stops no run still alive,"
						+ " so check that host first.";
			}
		}
		catch (SQLException ex) {
			return "";
		}
	}

}
