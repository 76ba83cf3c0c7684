package dev.clerkusers.test.database;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Test configuration giving the application a real PostgreSQL: a fresh database on the
 * JVM's shared Testcontainers PostgreSQL ({@link ContainerPostgresServer}) when Docker
 * answers, otherwise on the JVM's {@link EmbeddedPostgresServer} (PostgreSQL 17). Either
 * way Spring Boot configures the data source, Flyway and JPA from a
 * {@link JdbcConnectionDetails} bean, exactly as in production, and each Spring context
 * gets a database of its own. {@link DatabaseMode#PROPERTY} forces a side.
 * <p>
 * Use it through {@link ClerkTestDatabase @ClerkTestDatabase}, or import it yourself.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ClerkTestDatabaseConfiguration {

	@Bean
	JdbcConnectionDetails clerkTestDatabase(Environment environment) {
		return new TestDatabaseConnectionDetails(ClerkTestDatabases.create(environment));
	}

	private record TestDatabaseConnectionDetails(TestDatabase database) implements JdbcConnectionDetails {

		@Override
		public String getUsername() {
			return this.database.username();
		}

		@Override
		public @Nullable String getPassword() {
			return this.database.password();
		}

		@Override
		public String getJdbcUrl() {
			return this.database.jdbcUrl();
		}

	}

}
