package dev.clerkusers.test.database;

import org.jspecify.annotations.Nullable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Test configuration giving the application a real PostgreSQL 17: a Testcontainers
 * container with {@link ServiceConnection @ServiceConnection} when Docker answers,
 * otherwise a fresh database on the JVM's {@link EmbeddedPostgresServer}. Either way
 * Spring Boot configures the data source, Flyway and JPA from a
 * {@link JdbcConnectionDetails} bean, exactly as in production.
 * {@link DatabaseMode#PROPERTY} forces a side.
 * <p>
 * Use it through {@link ClerkTestDatabase @ClerkTestDatabase}, or import it yourself.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ClerkTestDatabaseConfiguration {

	/**
	 * The PostgreSQL image of the container side, the same major version as the embedded
	 * side.
	 */
	public static final String POSTGRES_IMAGE = "postgres:17-alpine";

	@Bean
	@ServiceConnection
	@Conditional(OnContainerDatabase.class)
	PostgreSQLContainer clerkTestPostgresContainer() {
		return new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
	}

	@Bean
	@Conditional(OnEmbeddedDatabase.class)
	JdbcConnectionDetails clerkTestEmbeddedPostgres() {
		TestDatabase database = EmbeddedPostgresServer.shared().createDatabase();
		return new EmbeddedConnectionDetails(database);
	}

	static final class OnContainerDatabase implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return DatabaseMode.from(context.getEnvironment()).usesContainer();
		}

	}

	static final class OnEmbeddedDatabase implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !DatabaseMode.from(context.getEnvironment()).usesContainer();
		}

	}

	private record EmbeddedConnectionDetails(TestDatabase database) implements JdbcConnectionDetails {

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
