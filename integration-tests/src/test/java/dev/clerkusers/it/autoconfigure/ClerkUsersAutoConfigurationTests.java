package dev.clerkusers.it.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

import dev.clerkusers.autoconfigure.ClerkConfigurationException;
import dev.clerkusers.autoconfigure.ClerkProperties;
import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkUsersAutoConfiguration} on a real PostgreSQL: the users table and its
 * services exist with a data source and JPA, the library migrates its own schema unless
 * told not to, and each bean backs off.
 */
class ClerkUsersAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DatabaseContextRunners
		.withUsersTable(new ApplicationContextRunner());

	@Test
	void withADataSourceAndJpaTheUsersTableAndItsServicesExist() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClerkUserService.class)
				.hasSingleBean(ClerkUserSynchronizer.class)
				.hasSingleBean(ClerkUserAccounts.class)
				.hasSingleBean(ClerkUserCache.class)
				.hasSingleBean(AdvisoryLocks.class)
				.hasSingleBean(EndedSessions.class)
				.hasBean("clerkSchemaMigration");
			assertThat(context.getBean(ClerkUserService.class).findByClerkId("user_none")).isEmpty();
		});
	}

	/**
	 * Black-box run 32: an application whose transaction manager for another database is
	 * the {@code @Primary} one (or the only one) had the library's transactions begun on
	 * that database, its writes on the primary outside any transaction. The application
	 * does not start, and says what to do.
	 */
	@Test
	void aTransactionManagerOfAnotherDatabaseIsRefusedAtStartup() {
		this.contextRunner
			.withBean("reportingTransactionManager", PlatformTransactionManager.class,
					() -> new JdbcTransactionManager(otherDatabase()), (definition) -> definition.setPrimary(true))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClerkConfigurationException.class)
				.hasMessageContaining("'reportingTransactionManager' (JdbcTransactionManager)")
				.hasMessageContaining("manages another database"));
	}

	/**
	 * The library's own {@code @Transactional} methods take the application's default
	 * transaction manager, which Spring finds by type alone: with two and none
	 * {@code @Primary}, every first sign-in would fail, though the bean named
	 * {@code transactionManager} is the right one.
	 */
	@Test
	void severalTransactionManagersWithoutAPrimaryOneAreRefusedAtStartup() {
		this.contextRunner.withBean("transactionManager", PlatformTransactionManager.class, JpaTransactionManager::new)
			.withBean("reportingTransactionManager", PlatformTransactionManager.class,
					() -> new JdbcTransactionManager(otherDatabase()))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClerkConfigurationException.class)
				.hasMessageContaining(
						"several (reportingTransactionManager, transactionManager) and none is @Primary"));
	}

	/**
	 * Review of run 32's fix (R1): the library's repositories take the transaction
	 * manager named {@code transactionManager}, as Spring Data's do by default, whichever
	 * is {@code @Primary}; without one of that name each of their calls failed.
	 */
	@Test
	void aPrimaryTransactionManagerOfAnotherNameIsRefusedAtStartup() {
		this.contextRunner
			.withBean("jpaTransactionManager", PlatformTransactionManager.class, JpaTransactionManager::new,
					(definition) -> definition.setPrimary(true))
			.withBean("reportingTransactionManager", PlatformTransactionManager.class,
					() -> new JdbcTransactionManager(otherDatabase()))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClerkConfigurationException.class)
				.hasMessageContaining("named 'transactionManager'"));
	}

	/**
	 * Review of run 32's fix (R3): a JDBC transaction manager of the library's own
	 * database does not manage its {@code EntityManagerFactory}, through which it writes
	 * its users: each write failed with "no transaction is in progress".
	 */
	@Test
	void aJdbcTransactionManagerOfTheLibrarysDatabaseIsRefusedAtStartup() {
		this.contextRunner.withUserConfiguration(JdbcTransactionManagerOfTheDataSource.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClerkConfigurationException.class)
				.hasMessageContaining("'transactionManager' (JdbcTransactionManager)")
				.hasMessageContaining("not its EntityManagerFactory"));
	}

	/**
	 * operations.md, "Several databases": the primary database's JPA transaction manager
	 * named {@code transactionManager} and {@code @Primary}, beside another database's.
	 */
	@Test
	void aPrimaryJpaTransactionManagerBesideAnotherDatabasesWritesTheUsers() {
		this.contextRunner
			.withBean("transactionManager", PlatformTransactionManager.class, JpaTransactionManager::new,
					(definition) -> definition.setPrimary(true))
			.withBean("reportingTransactionManager", PlatformTransactionManager.class,
					() -> new JdbcTransactionManager(otherDatabase()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(ClerkUserSynchronizer.class).createPending("user_two_databases");
				assertThat(context.getBean(ClerkUserService.class).findByClerkId("user_two_databases")).isPresent();
			});
	}

	private static DataSource otherDatabase() {
		return new DriverManagerDataSource(DatabaseContextRunners.jdbcUrl());
	}

	/**
	 * The cache invalidation's listening connection is opened outside the pool, with the
	 * pool's driver properties too (SSL settings, say, or options), not only its URL and
	 * credentials.
	 */
	@Test
	void theListeningConnectionHasThePoolsDriverProperties() {
		this.contextRunner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c statement_timeout=4321")
			.run((context) -> {
				try (Connection connection = listenerConnection(context).call();
						Statement statement = connection.createStatement();
						ResultSet timeout = statement.executeQuery("show statement_timeout")) {
					assertThat(timeout.next()).isTrue();
					assertThat(timeout.getString(1)).isEqualTo("4321ms");
				}
			});
	}

	/**
	 * operations.md: behind a pooler in transaction mode, the listening connection is
	 * given a direct URL of its own ({@code clerk.cache.listener-url}), with the pool's
	 * credentials and driver properties; parameters of that URL win.
	 */
	@Test
	void theListeningConnectionCanHaveAUrlOfItsOwn() {
		this.contextRunner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c statement_timeout=4321",
					"clerk.cache.listener-url=" + DatabaseContextRunners.jdbcUrl()
							+ (DatabaseContextRunners.jdbcUrl().contains("?") ? "&" : "?")
							+ "options=-c%20statement_timeout=1234")
			.run((context) -> {
				try (Connection connection = listenerConnection(context).call();
						Statement statement = connection.createStatement();
						ResultSet timeout = statement.executeQuery("show statement_timeout")) {
					assertThat(timeout.next()).isTrue();
					assertThat(timeout.getString(1)).isEqualTo("1234ms");
				}
			});
		this.contextRunner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c statement_timeout=4321",
					"clerk.cache.listener-url=" + DatabaseContextRunners.jdbcUrl())
			.run((context) -> {
				try (Connection connection = listenerConnection(context).call();
						Statement statement = connection.createStatement();
						ResultSet timeout = statement.executeQuery("show statement_timeout")) {
					assertThat(timeout.next()).isTrue();
					assertThat(timeout.getString(1)).as("the pool's, where the URL says nothing").isEqualTo("4321ms");
				}
			});
	}

	/**
	 * With a pool other than Hikari, the listener's own URL is opened with the data
	 * source's credentials ({@code spring.datasource.username} and {@code password}); a
	 * blank URL is no URL.
	 */
	@Test
	void theListenersOwnUrlHasTheDataSourcesCredentialsWhateverThePool() {
		this.contextRunner
			.withPropertyValues("spring.datasource.type=" + SimpleDriverDataSource.class.getName(),
					"clerk.cache.listener-url=" + DatabaseContextRunners.jdbcUrl())
			.run((context) -> {
				try (Connection connection = listenerConnection(context).call();
						Statement statement = connection.createStatement();
						ResultSet user = statement.executeQuery("select current_user")) {
					assertThat(user.next()).isTrue();
				}
			});
		this.contextRunner.withPropertyValues("clerk.cache.listener-url= ").run((context) -> {
			try (Connection connection = listenerConnection(context).call()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		});
	}

	/**
	 * Opening the listening connection waits for the database's answers no longer than
	 * the listener's heartbeat does: on a path that takes the connection and never
	 * answers, the attempt fails and the listener tries again, rather than hanging.
	 */
	@Test
	void theListeningConnectionWaitsForTheDatabaseNoLongerThanTheHeartbeat() {
		this.contextRunner.run((context) -> {
			try (Connection connection = listenerConnection(context).call()) {
				assertThat(Duration.ofMillis(connection.getNetworkTimeout())).isEqualTo(Duration.ofSeconds(15));
			}
		});
		this.contextRunner.withPropertyValues("spring.datasource.hikari.data-source-properties.socketTimeout=40")
			.run((context) -> {
				try (Connection connection = listenerConnection(context).call()) {
					assertThat(Duration.ofMillis(connection.getNetworkTimeout())).as("the pool's own setting is kept")
						.isEqualTo(Duration.ofSeconds(40));
				}
			});
	}

	@Test
	void recordsAreWaitedForFiveSecondsUnlessConfigured() {
		this.contextRunner.run((context) -> assertThat(context.getBean(AdvisoryLocks.class).getLockTimeout())
			.isEqualTo(Duration.ofSeconds(5)));
		this.contextRunner.withPropertyValues("clerk.lock-timeout=1500ms")
			.run((context) -> assertThat(context.getBean(AdvisoryLocks.class).getLockTimeout())
				.isEqualTo(Duration.ofMillis(1500)));
	}

	@Test
	void theSchemaMigrationCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("clerk.schema.migrate=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSchemaMigration.class)
				.hasSingleBean(ClerkUserService.class));
	}

	/**
	 * An empty {@code clerk.cache.invalidation} (an environment variable set to nothing)
	 * binds as the default, {@code postgres}, and the instance listens as the bound value
	 * says, rather than leaving every other instance's evictions unheard (black-box run
	 * 219: a user banned elsewhere stayed signed in here).
	 */
	@Test
	void anEmptyInvalidationSettingIsTheDefaultAndListens() {
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=").run((context) -> {
			assertThat(context.getBean(ClerkProperties.class).getCache().getInvalidation())
				.isEqualTo(ClerkProperties.Invalidation.POSTGRES);
			assertThat(context).hasSingleBean(PostgresCacheInvalidation.class);
		});
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=NONE")
			.run((context) -> assertThat(context).hasSingleBean(ClerkUserService.class)
				.doesNotHaveBean(PostgresCacheInvalidation.class));
	}

	@Test
	void withoutPostgreSqlsDriverTheCachesAreNotInvalidatedAcrossInstances() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.postgresql.PGConnection"))
			.run((context) -> assertThat(context).hasSingleBean(ClerkUserService.class)
				.doesNotHaveBean(PostgresCacheInvalidation.class));
	}

	@Test
	void withoutFlywayTheApplicationMigratesTheSchemaItself() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSchemaMigration.class)
				.hasSingleBean(ClerkUserService.class));
	}

	/**
	 * The library migrates into the connection's current schema, and its queries run
	 * there: a Hibernate default schema elsewhere would read its tables from another
	 * place, and answer every request 503. It stops the start, naming the property; the
	 * same schema set in the JDBC URL is the way.
	 */
	@Test
	void aHibernateDefaultSchemaOtherThanTheConnectionsStopsTheStart() {
		this.contextRunner.withPropertyValues("spring.jpa.properties.hibernate.default_schema=app")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getProperty())
							.isEqualTo("spring.jpa.properties.hibernate.default_schema"))
				.hasMessageContaining("'app'")
				.hasMessageContaining("'public'"));
		this.contextRunner.withPropertyValues("spring.jpa.properties.hibernate.default_schema=PUBLIC")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Spring Boot's documented pattern for an application whose own tables Hibernate
	 * makes and whose {@code data.sql} then fills them: the scripts wait for the entity
	 * manager factory, which still waits for the library's tables.
	 */
	@Test
	void deferredScriptInitializationStartsAfterTheLibrarysTables() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
			.withPropertyValues("spring.jpa.defer-datasource-initialization=true", "spring.sql.init.mode=always",
					"spring.sql.init.data-locations=classpath:deferred-data.sql")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ClerkUserService.class).findByEmail("seeded@example.com"))
					.as("the application's data.sql, run after the library's migration and Hibernate")
					.isPresent();
			});
	}

	/**
	 * {@code spring.jpa.hibernate.ddl-auto=create-drop}, common for an application's own
	 * entities in development, leaves the library's tables as its migrations made them,
	 * and their rows, also once the application has closed.
	 */
	@Test
	void hibernatesSchemaActionsLeaveTheLibrarysTablesAlone() {
		TestDatabase database = ClerkTestDatabases.create();
		JdbcTemplate jdbc = new JdbcTemplate(
				new SimpleDriverDataSource(new Driver(), database.jdbcUrl(), database.username(), database.password()));
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(ClerkUserAccounts.class).createUser("kept@example.com", null, "staff-password-1");
				assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'clerk_users'",
						String.class))
					.as("the migrations' indexes")
					.contains("clerk_users_email_key");
			});
		assertThat(
				jdbc.queryForObject("select count(*) from clerk_users where email = 'kept@example.com'", Integer.class))
			.as("the library's rows, once the application closed")
			.isOne();
	}

	@Test
	void theApplicationsOwnFlywayIsBaselinedBesideTheLibrarys() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("clerkFlywayBaselineCustomizer"));
		this.contextRunner.withClassLoader(new FilteredClassLoader(FlywayConfigurationCustomizer.class))
			.run((context) -> assertThat(context).hasBean(ClerkSchemaMigration.CORE_BEAN_NAME)
				.doesNotHaveBean("clerkFlywayBaselineCustomizer"));
	}

	/**
	 * operations.md: with {@code clerk.schema.migrate=false}, an operator applies the
	 * library's scripts with their own tooling. The application's own Flyway then finds a
	 * schema that is not empty and has no history of its own, as it does beside the
	 * library's migration: it is baselined at version 0 all the same, so that its V1, V2
	 * run.
	 */
	@Test
	void theApplicationsOwnFlywayStartsBesideTablesAnOperatorCreated() {
		TestDatabase fresh = ClerkTestDatabases.create();
		JdbcTemplate operator = new JdbcTemplate(
				new DriverManagerDataSource(fresh.jdbcUrl(), fresh.username(), fresh.password()));
		for (int version = 1; version <= 6; version++) {
			Resource[] scripts = resources("classpath:dev/clerkusers/schema/core/V" + version + "__*.sql");
			assertThat(scripts).as("core script V" + version).hasSize(1);
			operator.execute(read(scripts[0]));
		}
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + fresh.jdbcUrl(),
					"spring.datasource.username=" + fresh.username(), "clerk.schema.migrate=false",
					"spring.flyway.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ClerkSchemaMigration.CORE_BEAN_NAME);
				assertThat(operator.queryForList("select version from flyway_schema_history order by installed_rank",
						String.class))
					.containsExactly("0", "1", "2");
				assertThat(operator.queryForObject("select count(*) from app_orders", Long.class)).isZero();
			});
	}

	private static Resource[] resources(String pattern) {
		try {
			return new PathMatchingResourcePatternResolver().getResources(pattern);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Resource script) {
		try {
			return script.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void beansThatDependOnDatabaseInitializationStartAfterTheSchemaIsMigrated() {
		TestDatabase fresh = ClerkTestDatabases.create();
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + fresh.jdbcUrl(),
					"spring.datasource.username=" + fresh.username())
			.withUserConfiguration(ReadsUsersAtStartup.class)
			.run((context) -> assertThat(context).hasNotFailed().getBean("usersAtStartup").isEqualTo(0));
	}

	@Test
	void withoutJpaThereIsNoUsersTable() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkUsersAutoConfiguration.class))
			.withBean(DataSource.class, () -> new SimpleDriverDataSource())
			.withClassLoader(new FilteredClassLoader(EntityManagerFactory.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClerkUserService.class)
				.doesNotHaveBean(ClerkSchemaMigration.class));
	}

	@Test
	void withoutADataSourceThereIsNoUsersTable() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkUsersAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkUserService.class));
	}

	@Test
	void aCacheOfTheApplicationReplacesTheLibrarysOwn() {
		ClerkUserCache own = new ClerkUserCache(Duration.ofSeconds(1), 10);
		this.contextRunner.withBean(ClerkUserCache.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClerkUserCache.class).isSameAs(own));
	}

	@SuppressWarnings("unchecked")
	private static Callable<Connection> listenerConnection(ApplicationContext context) {
		return (Callable<Connection>) ReflectionTestUtils.getField(context.getBean(PostgresCacheInvalidation.class),
				"listenerConnection");
	}

	@Configuration(proxyBeanMethods = false)
	static class JdbcTransactionManagerOfTheDataSource {

		@Bean
		PlatformTransactionManager transactionManager(DataSource dataSource) {
			return new JdbcTransactionManager(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReadsUsersAtStartup {

		@Bean
		@DependsOnDatabaseInitialization
		Integer usersAtStartup(DataSource dataSource) {
			return new JdbcTemplate(dataSource).queryForObject("select count(*) from clerk_users", Integer.class);
		}

	}

}
