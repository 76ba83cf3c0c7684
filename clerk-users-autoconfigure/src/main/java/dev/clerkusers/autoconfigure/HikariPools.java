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
	 * Returns the maximum size of the Hikari pool a data source is or wraps.
	 * @param dataSource the data source
	 * @return the size, or -1 for another kind of data source
	 */
	static int maximumPoolSize(DataSource dataSource) {
		HikariDataSource pool = of(dataSource);
		return (pool != null) ? pool.getMaximumPoolSize() : -1;
	}

	/**
	 * Opens a connection beside the Hikari pool a data source is or wraps, as the pool
	 * opens its own: its JDBC URL, driver properties and credentials.
	 * @param dataSource the application's data source
	 * @param applicationName the connection's {@code application_name}, unless the pool's
	 * driver properties set one
	 * @return the connection, which the pool does not count
	 * @throws SQLException when none can be opened so, saying why: another kind of data
	 * source, a pool without a JDBC URL (built from a data source class), or the driver's
	 * refusal (credentials the pool gets elsewhere, say)
	 */
	static Connection openBeside(DataSource dataSource, String applicationName) throws SQLException {
		HikariDataSource pool = of(dataSource);
		if (pool == null) {
			throw new SQLException("the data source is not a Hikari pool the library can unwrap");
		}
		String url = pool.getJdbcUrl();
		if (url == null) {
			throw new SQLException(
					"the Hikari pool has no JDBC URL (it is built from a data source class or a DataSource of its own)");
		}
		Properties properties = driverProperties(pool);
		properties.putIfAbsent("ApplicationName", applicationName);
		return DriverManager.getConnection(url, properties);
	}

	/**
	 * Returns the data source of the connections that hold a lock while the work it
	 * orders runs on the pool (a sync's): connections {@link #openBeside opened beside} a
	 * Hikari pool, so that a lock never takes a connection the work needs, or the pool's
	 * own when none can be opened so.
	 * @param dataSource the application's data source
	 * @param applicationName the connections' {@code application_name}, unless the pool's
	 * driver properties set one
	 * @return the data source of the lock's connections
	 */
	static DataSource besidePool(DataSource dataSource, String applicationName) {
		return (of(dataSource) != null) ? new BesidePool(dataSource, applicationName) : dataSource;
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
	 * Connections opened beside the pool, or lent by the pool when one cannot be opened
	 * so.
	 */
	private static final class BesidePool extends AbstractDataSource {

		private final DataSource pool;

		private final String applicationName;

		BesidePool(DataSource pool, String applicationName) {
			this.pool = pool;
			this.applicationName = applicationName;
		}

		@Override
		public Connection getConnection() throws SQLException {
			try {
				return openBeside(this.pool, this.applicationName);
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
