package dev.clerkusers.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.util.StringUtils;

/**
 * Where the library's tables live: the connection's current schema, which its migrations
 * create them in and its own SQL reads them from. Hibernate's {@code default_schema}, set
 * to another schema, would read the entities from there: the application would start, and
 * answer every request 503. It stops the start instead, naming the property and the way
 * that works (the schema in the JDBC URL, which both follow).
 */
final class ClerkSchemaLocation {

	static final String HIBERNATE_DEFAULT_SCHEMA = "spring.jpa.properties.hibernate.default_schema";

	private ClerkSchemaLocation() {
	}

	/**
	 * Checks that Hibernate's default schema, when set, is the connection's current one.
	 * @param environment the environment
	 * @param dataSource the database
	 * @throws ClerkConfigurationException when it is another
	 */
	static void check(Environment environment, DataSource dataSource) {
		String hibernates = environment.getProperty(HIBERNATE_DEFAULT_SCHEMA);
		if (!StringUtils.hasText(hibernates)) {
			return;
		}
		String current = currentSchema(dataSource);
		if (current != null && !current.equals(hibernates.trim().toLowerCase(Locale.ROOT))) {
			throw new ClerkConfigurationException(HIBERNATE_DEFAULT_SCHEMA,
					"Hibernate reads the entities from schema '" + hibernates.trim()
							+ "', while clerk-users migrates and reads its tables in the connection's current schema, '"
							+ current + "'",
					"Set the schema in the JDBC URL instead (for example ?currentSchema=" + hibernates.trim()
							+ "), which the library's migrations and queries follow, and remove "
							+ HIBERNATE_DEFAULT_SCHEMA);
		}
	}

	private static @Nullable String currentSchema(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet schema = statement.executeQuery("select current_schema()")) {
			return schema.next() ? schema.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not read the connection's current schema", ex);
		}
	}

}
