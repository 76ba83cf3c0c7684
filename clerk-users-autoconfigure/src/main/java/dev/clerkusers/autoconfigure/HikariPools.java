package dev.clerkusers.autoconfigure;

import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * What a Hikari pool says of how to connect, for the connections the library opens beside
 * it (the cache listener's, the migrations' lock), so that they do not take from the
 * pool's budget for longer than a request would.
 */
final class HikariPools {

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

}
