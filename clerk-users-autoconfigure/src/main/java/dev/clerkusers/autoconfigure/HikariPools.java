package dev.clerkusers.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.util.ClassUtils;

/**
 * What a Hikari pool says of how to connect, for the connections the library opens beside
 * it (the cache listener's, the migrations' lock), so that they do not take from the
 * pool's budget for longer than a request would.
 */
final class HikariPools {

	private static final Log logger = LogFactory.getLog(HikariPools.class);

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			HikariPools.class.getClassLoader());

	private HikariPools() {
	}

	/**
	 * Returns the Hikari pool a data source is or wraps.
	 * @param dataSource the data source
	 * @return the pool, or {@code null} for another kind of data source
	 */
	static @Nullable HikariDataSource of(DataSource dataSource) {
		if (!HIKARI_PRESENT) {
			return null;
		}
		if (dataSource instanceof HikariDataSource hikari) {
			return hikari;
		}
		try {
			// A pool behind a proxy (metrics, tracing) still says how to connect.
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/**
	 * Returns the data source of the connections that hold a lock while the work it
	 * orders runs on the pool (the migrations', a sync's): beside a Hikari pool with a
	 * JDBC URL, connections of their own, opened as the pool's are, so that a lock never
	 * takes a connection the work needs; for another data source, the data source itself.
	 * @param dataSource the application's data source
	 * @param applicationName the connections' {@code application_name}, unless the pool's
	 * driver properties set one
	 * @return the data source of the lock's connections
	 */
	static DataSource besidePool(DataSource dataSource, String applicationName) {
		HikariDataSource pool = of(dataSource);
		if (pool == null || pool.getJdbcUrl() == null) {
			return dataSource;
		}
		Properties properties = driverProperties(pool);
		properties.putIfAbsent("ApplicationName", applicationName);
		return new BesidePool(pool.getJdbcUrl(), properties, dataSource);
	}

	/**
	 * Returns the driver properties a pool connects with: its data source properties (SSL
	 * settings, say), user and password.
	 * @param hikari the pool
	 * @return the properties, a copy
	 */
	static Properties driverProperties(HikariDataSource hikari) {
		Properties properties = new Properties();
		properties.putAll(hikari.getDataSourceProperties());
		if (hikari.getUsername() != null) {
			properties.setProperty("user", hikari.getUsername());
		}
		if (hikari.getPassword() != null) {
			properties.setProperty("password", hikari.getPassword());
		}
		return properties;
	}

	/**
	 * Connections opened with the pool's URL and properties, or lent by the pool when one
	 * cannot be opened so (a driver the driver manager does not know, credentials the
	 * pool gets elsewhere).
	 */
	private static final class BesidePool extends AbstractDataSource {

		private final String url;

		private final Properties properties;

		private final DataSource pool;

		BesidePool(String url, Properties properties, DataSource pool) {
			this.url = url;
			this.properties = properties;
			this.pool = pool;
		}

		@Override
		public Connection getConnection() throws SQLException {
			try {
				return DriverManager.getConnection(this.url, this.properties);
			}
			catch (SQLException ex) {
				logger.debug("Could not open a connection beside the pool; taking one of the pool's: " + ex);
				return this.pool.getConnection();
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return this.pool.getConnection(username, password);
		}

	}

}
