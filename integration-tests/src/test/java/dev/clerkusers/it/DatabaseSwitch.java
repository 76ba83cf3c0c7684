package dev.clerkusers.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * Stops and restarts a test's own PostgreSQL database, for real outages: the database
 * refuses new connections and its open ones are ended, as when PostgreSQL goes down.
 */
public final class DatabaseSwitch {

	private final HikariDataSource dataSource;

	/**
	 * Creates a switch for the database of a data source.
	 * @param dataSource the application's data source
	 */
	public DatabaseSwitch(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Makes the database refuse connections and ends the open ones.
	 */
	public void stop() {
		admin("alter database \"" + database() + "\" with allow_connections false");
		admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database()
				+ "' and pid <> pg_backend_pid()");
	}

	/**
	 * Accepts connections again, and has the pool replace the connections the outage
	 * ended.
	 */
	public void start() {
		admin("alter database \"" + database() + "\" with allow_connections true");
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
		}
	}

	private void admin(String sql) {
		String url = this.dataSource.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
		try (Connection connection = DriverManager.getConnection(url, this.dataSource.getUsername(),
				this.dataSource.getPassword()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "'", ex);
		}
	}

	private String database() {
		String url = this.dataSource.getJdbcUrl();
		String path = url.substring(url.lastIndexOf('/') + 1);
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

}
