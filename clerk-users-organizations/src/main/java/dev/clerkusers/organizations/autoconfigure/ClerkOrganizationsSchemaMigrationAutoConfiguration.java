package dev.clerkusers.organizations.autoconfigure;

import javax.sql.DataSource;

import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.autoconfigure.ClerkSchemaMigrationAutoConfiguration;
import dev.clerkusers.autoconfigure.ConditionalOnClerkProperty;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the organizations module's
 * tables: their own Flyway migration, with a history table of its own, after the core's
 * ({@link ClerkSchemaMigrationAutoConfiguration}) and wherever it runs, test slices that
 * initialize their database included, unless {@code clerk.schema.migrate=false}.
 */
@AutoConfiguration(after = ClerkSchemaMigrationAutoConfiguration.class,
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass({ Flyway.class, EntityManagerFactory.class })
@ConditionalOnBean(name = ClerkSchemaMigration.CORE_BEAN_NAME)
@ConditionalOnClerkProperty(name = "clerk.schema.migrate", matchIfMissing = true)
public final class ClerkOrganizationsSchemaMigrationAutoConfiguration {

	/** Classpath location of the organizations schema scripts. */
	static final String SCHEMA_LOCATION = "classpath:dev/clerkusers/schema/organizations";

	/** Flyway history table of the organizations schema. */
	static final String SCHEMA_HISTORY_TABLE = "clerk_organizations_schema_history";

	@Bean
	@DependsOn(ClerkSchemaMigration.CORE_BEAN_NAME)
	@ConditionalOnMissingBean(name = "clerkOrganizationsSchemaMigration")
	ClerkSchemaMigration clerkOrganizationsSchemaMigration(DataSource dataSource,
			@Qualifier(ClerkSchemaMigration.CORE_BEAN_NAME) ClerkSchemaMigration core) {
		ClerkSchemaMigration migration = new ClerkSchemaMigration(dataSource, SCHEMA_HISTORY_TABLE, SCHEMA_LOCATION);
		// Switched off with the core's only (an application processed ahead of time with
		// migrations on, run with clerk.schema.migrate=false).
		migration.setMigrateOnStartup(core.isMigrateOnStartup());
		return migration;
	}

}
