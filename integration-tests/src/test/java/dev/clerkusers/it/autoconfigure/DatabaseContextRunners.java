package dev.clerkusers.it.autoconfigure;

import dev.clerkusers.autoconfigure.ClerkApiAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkSchemaMigrationAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * Context runners of the auto-configurations that need the users table, on a real
 * PostgreSQL database of their own, with Spring Boot's data source, JPA and Flyway
 * auto-configurations.
 */
final class DatabaseContextRunners {

	private static final TestDatabase database = ClerkTestDatabases.create();

	private DatabaseContextRunners() {
	}

	/**
	 * The JDBC URL of the runners' database.
	 * @return the URL
	 */
	static String jdbcUrl() {
		return database.jdbcUrl();
	}

	/**
	 * Adds the database and the users table to a runner.
	 * @param <R> the runner type
	 * @param runner the runner
	 * @return the runner
	 */
	static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withUsersTable(R runner) {
		return runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
					DataJpaRepositoriesAutoConfiguration.class, FlywayAutoConfiguration.class,
					TransactionAutoConfiguration.class, ClerkApiAutoConfiguration.class,
					ClerkSchemaMigrationAutoConfiguration.class, ClerkUsersAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + ((database.password() != null) ? database.password() : ""),
					"spring.flyway.enabled=false", "spring.jpa.open-in-view=false");
	}

}
