package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.postgresql.Driver;

/**
 * A real outage of a test's PostgreSQL database: while it lasts the database refuses new
 * connections and the connections it had open are ended, as when PostgreSQL goes down;
 * when it ends the database accepts connections again, and the pool replaces the ones the
 * outage ended and has a connection to hand out. Use it to test what an application
 * answers while its database is down and that it recovers:
 *
 * <pre class="code">
 * try (TestDatabaseOutage outage = TestDatabaseOutage.of(dataSource).begin()) {
 *     // requests that need the database are answered 503 here
 * }
 * // and answered again here
 * </pre>
 * <p>
 * The data source is Spring Boot's default pool, HikariCP, on PostgreSQL (the database of
 * {@link ClerkTestDatabase @ClerkTestDatabase} or one of your own), whose user may alter
 * the database and end its connections: its owner, or a superuser as the test databases'
 * user is. The outage is run from the server's {@code postgres} database, which stays
 * open. Only the one database is down: other tests' databases on the same server are not
 * touched.
 */
public final class TestDatabaseOutage implements AutoCloseable {

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);

	private final HikariDataSource pool;

	private final String database;

	private TestDatabaseOutage(HikariDataSource pool, String database) {
		this.pool = pool;
		this.database = database;
	}

	/**
	 * Returns the outage of a data source's database, not yet begun. Nothing is connected
	 * to: the database is the one the pool's JDBC URL names, up or already down.
	 * @param dataSource the application's data source: a HikariCP pool (possibly wrapped)
	 * on PostgreSQL
	 * @return the outage, to {@linkplain #begin() begin} (or {@linkplain #end() end})
	 * @throws IllegalArgumentException when the data source is not a HikariCP pool, or
	 * its JDBC URL is not PostgreSQL's
	 */
	public static TestDatabaseOutage of(DataSource dataSource) {
		HikariDataSource pool = hikari(dataSource);
		String url = pool.getJdbcUrl();
		Properties properties = (url != null) ? Driver.parseURL(url, null) : null;
		if (properties == null) {
			throw new IllegalArgumentException(
					"A database outage needs a PostgreSQL JDBC URL (jdbc:postgresql://…), not " + url);
		}
		String database = properties.getProperty("PGDBNAME", "");
		if (database.isEmpty()) {
			String user = properties.getProperty("user", pool.getUsername());
			database = (user != null) ? user : "";
		}
		return new TestDatabaseOutage(pool, database);
	}

	/**
	 * Takes the database down: it refuses new connections, and the open ones (the pool's
	 * and any other client's) are ended. Beginning an outage that has begun does nothing
	 * more.
	 * @return this outage, to {@linkplain #close() close} when it should end
	 * @throws IllegalStateException when the database cannot be taken down (the
	 * database's user may not alter it)
	 */
	public TestDatabaseOutage begin() {
		admin("alter database " + identifier() + " with allow_connections false");
		try {
			admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
					+ this.database.replace("'", "''") + "'");
		}
		catch (RuntimeException ex) {
			end();
			throw ex;
		}
		return this;
	}

	/**
	 * Ends the outage: the database accepts connections again, and the pool replaces the
	 * connections the outage ended instead of handing them out. It returns once the pool
	 * hands out a connection again: a pool that failed to connect during the outage waits
	 * longer and longer between its attempts (up to 5 s, HikariCP's back-off), and a
	 * request right after the outage would otherwise still be refused while it waits.
	 * Ending an outage that has not begun, or has ended, does nothing more.
	 * @throws IllegalStateException when the database cannot be brought back, or the pool
	 * hands out no connection within 30 seconds
	 */
	public void end() {
		admin("alter database " + identifier() + " with allow_connections true");
		HikariPoolMXBean pool = this.pool.getHikariPoolMXBean();
		if (pool != null && !this.pool.isClosed()) {
			pool.softEvictConnections();
			awaitConnection();
		}
	}

	private void awaitConnection() {
		long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
		while (true) {
			// each attempt waits up to the pool's connection timeout for the pool to
			// connect
			try (Connection connection = this.pool.getConnection()) {
				return;
			}
			catch (SQLException ex) {
				if (this.pool.isClosed() || System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(
							"The pool of " + this.database + " handed out no connection within "
									+ RECOVERY_TIMEOUT.toSeconds() + " s after the outage ended: " + ex.getMessage(),
							ex);
				}
			}
		}
	}

	/**
	 * Ends the outage, as {@link #end()} does.
	 */
	@Override
	public void close() {
		end();
	}

	/**
	 * Returns the name of the database this outage takes down.
	 * @return the database's name
	 */
	public String getDatabase() {
		return this.database;
	}

	private String identifier() {
		return '"' + this.database.replace("\"", "\"\"") + '"';
	}

	private void admin(String sql) {
		String url = this.pool.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
		try (Connection connection = DriverManager.getConnection(url, this.pool.getUsername(), this.pool.getPassword());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + url + " as '" + this.pool.getUsername()
					+ "': " + ex.getMessage(), ex);
		}
	}

	private static HikariDataSource hikari(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				return dataSource.unwrap(HikariDataSource.class);
			}
		}
		catch (SQLException ex) {
			// not a wrapper that can say: refused below
		}
		throw new IllegalArgumentException("A database outage needs the data source to be a HikariCP pool "
				+ "(Spring Boot's default), not a " + dataSource.getClass().getName());
	}

}
