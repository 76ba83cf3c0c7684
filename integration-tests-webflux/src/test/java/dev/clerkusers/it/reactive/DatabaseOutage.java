package dev.clerkusers.it.reactive;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A real outage of a test's own PostgreSQL database: it refuses new connections and its
 * open ones are ended, as when PostgreSQL goes down, until the outage is closed; the pool
 * then replaces the connections the outage ended.
 */
final class DatabaseOutage implements AutoCloseable {

	private final HikariDataSource pool;

	private final String database;

	private DatabaseOutage(HikariDataSource pool, String database) {
		this.pool = pool;
		this.database = database;
	}

	/**
	 * Takes a data source's database down.
	 * @param dataSource the application's data source
	 * @return the outage, to close to end it
	 * @throws SQLException when the database cannot be taken down
	 */
	static DatabaseOutage of(DataSource dataSource) throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		String database;
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_database()")) {
			result.next();
			database = result.getString(1);
		}
		DatabaseOutage outage = new DatabaseOutage(pool, database);
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
