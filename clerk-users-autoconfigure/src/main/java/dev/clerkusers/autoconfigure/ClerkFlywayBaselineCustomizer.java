package dev.clerkusers.autoconfigure;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.env.Environment;

/**
 * Lets the application's own Flyway start beside the library's tables.
 * <p>
 * The library's migrations run first, so that the application's may refer to
 * {@code clerk_users}; with {@code clerk.schema.migrate=false}, an operator's tooling
 * created the tables before. Flyway refuses to migrate a non-empty schema that has no
 * history table of its own; on a new database, the library's tables are that content. So,
 * unless the application configured baselining itself
 * ({@code spring.flyway.baseline-on-migrate} or {@code spring.flyway.baseline-version}),
 * its Flyway baselines an unversioned schema at version 0: its V1, V2… then run
 * unchanged.
 */
class ClerkFlywayBaselineCustomizer implements FlywayConfigurationCustomizer {

	private final Environment environment;

	ClerkFlywayBaselineCustomizer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		if (this.environment.containsProperty("spring.flyway.baseline-on-migrate")
				|| this.environment.containsProperty("spring.flyway.baseline-version")) {
			return;
		}
		configuration.baselineOnMigrate(true).baselineVersion("0");
	}

}
