package dev.clerkusers.autoconfigure;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the library's tables: their own
 * Flyway migration, with a history table of its own, before JPA and before the
 * application's own Flyway, unless {@code clerk.schema.migrate=false}; and the baselining
 * of the application's own Flyway beside them. It is also part of the test slices that
 * initialize their database ({@code @JdbcTest}, {@code @DataJpaTest}: Spring Boot's
 * {@code @AutoConfigureDataSourceInitialization}), so that an application's own scripts
 * may refer to the library's tables there too.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass({ Flyway.class, EntityManagerFactory.class })
@ConditionalOnBean(DataSource.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ClerkSchemaMigrationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkSchemaMigrationAutoConfiguration.class);

	/** Classpath location of the core schema scripts. */
	static final String SCHEMA_LOCATION = "classpath:dev/clerkusers/schema/core";

	/** Flyway history table of the core schema. */
	static final String SCHEMA_HISTORY_TABLE = "clerk_users_schema_history";

	@Bean(ClerkSchemaMigration.CORE_BEAN_NAME)
	@ConditionalOnClerkProperty(name = "clerk.schema.migrate", matchIfMissing = true)
	@ConditionalOnMissingBean(name = ClerkSchemaMigration.CORE_BEAN_NAME)
	ClerkSchemaMigration clerkSchemaMigration(DataSource dataSource, Environment environment) {
		ClerkSchemaMigration migration = new ClerkSchemaMigration(dataSource, SCHEMA_HISTORY_TABLE, SCHEMA_LOCATION);
		if (!Binder.get(environment).bind("clerk.schema.migrate", Boolean.class).orElse(true)) {
			// Only an application processed ahead of time has this bean then.
			logger.warn(AheadOfTimeBuild.changedSinceBuild("clerk.schema.migrate=false",
					"the library's migrations remain, and apply nothing, as the setting says"));
			migration.setMigrateOnStartup(false);
			return migration;
		}
		ClerkSchemaLocation.check(environment, dataSource);
		return migration;
	}

	/**
	 * The entity manager factory starts after the library's tables exist, also where
	 * Spring Boot's deferred script initialization orders database initializers after it
	 * (see {@link ClerkSchemaMigrationDatabaseInitializerDetector}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactoryDependsOnPostProcessor.class)
	static class EntityManagerFactoryDependencyConfiguration {

		@Bean
		static EntityManagerFactoryDependsOnPostProcessor clerkSchemaMigrationEntityManagerFactoryDependsOn() {
			return new EntityManagerFactoryDependsOnPostProcessor(ClerkSchemaMigration.class);
		}

	}

	/**
	 * Hibernate's schema actions leave the library's tables to its migrations (see
	 * {@link ClerkTablesSchemaFilterProvider}), unless the application filters them
	 * itself.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HibernatePropertiesCustomizer.class, SchemaFilterProvider.class })
	static class HibernateSchemaActionsConfiguration {

		@Bean
		HibernatePropertiesCustomizer clerkTablesSchemaFilterCustomizer() {
			return (properties) -> properties.putIfAbsent(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER,
					ClerkTablesSchemaFilterProvider.INSTANCE);
		}

	}

	/**
	 * Baselining of the application's own Flyway, when Spring Boot runs one, beside the
	 * library's tables: migrated by the library, or by an operator's tooling with
	 * {@code clerk.schema.migrate=false}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(FlywayConfigurationCustomizer.class)
	static class ApplicationFlywayConfiguration {

		@Bean
		ClerkFlywayBaselineCustomizer clerkFlywayBaselineCustomizer(Environment environment) {
			return new ClerkFlywayBaselineCustomizer(environment);
		}

	}

}
