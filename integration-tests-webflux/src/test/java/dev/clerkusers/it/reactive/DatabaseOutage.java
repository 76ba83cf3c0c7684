package dev.clerkusers.it.reactive;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real outage of a test's own PostgreSQL database: it refuses new connections and its
 * open ones are ended, as when PostgreSQL goes down, until the outage is closed; the pool
 * then replaces the connections the outage ended.
 */
final class DatabaseOutage implements AutoCloseable {

	private final HikariDataSource pool;

	private final String database;

	private final @Nullable PostgresCacheInvalidation invalidation;

	private final @Nullable Instant listeningSince;

	private DatabaseOutage(HikariDataSource pool, String database, @Nullable PostgresCacheInvalidation invalidation) {
		this.pool = pool;
		this.database = database;
		this.invalidation = invalidation;
		this.listeningSince = (invalidation != null) ? invalidation.getConnectedSince() : null;
	}

	/**
	 * Takes a data source's database down.
	 * @param dataSource the application's data source
	 * @return the outage, to close to end it
	 * @throws SQLException when the database cannot be taken down
	 */
	static DatabaseOutage of(DataSource dataSource) throws SQLException {
		return of(dataSource, null);
	}

	/**
	 * Takes a data source's database down, and the cache listener's connection with it;
	 * closing the outage waits until the listener is back (it then empties the caches),
	 * so that this does not happen later, in the middle of another test.
	 * @param dataSource the application's data source
	 * @param invalidation the application's cache listener
	 * @return the outage, to close to end it
	 * @throws SQLException when the database cannot be taken down
	 */
	static DatabaseOutage of(DataSource dataSource, @Nullable PostgresCacheInvalidation invalidation)
			throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		String database;
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_database()")) {
			result.next();
			database = result.getString(1);
		}
		DatabaseOutage outage = new DatabaseOutage(pool, database, invalidation);
		outage.admin("alter database \"" + database + "\" with allow_connections false");
		try {
			outage.admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
					+ "' and pid <> pg_backend_pid()");
		}
		catch (SQLException ex) {
			outage.close();
			throw ex;
		}
		return outage;
	}

	@Override
	public void close() throws SQLException {
		admin("alter database \"" + this.database + "\" with allow_connections true");
		Objects.requireNonNull(this.pool.getHikariPoolMXBean()).softEvictConnections();
		PostgresCacheInvalidation listener = this.invalidation;
		if (listener != null) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> listener.isConnected()
						&& !Objects.equals(this.listeningSince, listener.getConnectedSince()));
		}
	}

	/**
	 * Runs a statement on the server's {@code postgres} database, which stays open while
	 * the test's database refuses connections.
	 */
	private void admin(String sql) throws SQLException {
		String url = this.pool.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
		try (Connection connection = DriverManager.getConnection(url, this.pool.getUsername(), this.pool.getPassword());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
