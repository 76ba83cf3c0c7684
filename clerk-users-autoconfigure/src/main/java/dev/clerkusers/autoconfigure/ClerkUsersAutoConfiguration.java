package dev.clerkusers.autoconfigure;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.mirror.QuietRollbackTransactionTemplate;
import dev.clerkusers.user.ClerkPasswordEncoder;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserReferences;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;
import dev.clerkusers.user.UsernamePolicy;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the local users table (migrated
 * by {@link ClerkSchemaMigrationAutoConfiguration}): the {@link ClerkUser} entity and
 * repository (registered through an auto-configuration package, so the application's own
 * entity and repository scanning are unchanged, and added to an application's own
 * {@code @EntityScan}), the user cache and {@link ClerkUserService}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass(EntityManagerFactory.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(ClerkProperties.class)
@AutoConfigurationPackage(basePackageClasses = ClerkUser.class)
@Import(ClerkUsersAutoConfiguration.EntityScanRegistrar.class)
@ImportRuntimeHints(ClerkRuntimeHints.class)
public final class ClerkUsersAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkUsersAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder passwordEncoder() {
		return new ClerkPasswordEncoder();
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserCache clerkUserCache(ClerkProperties properties, ObjectProvider<CacheInvalidation> invalidation) {
		ClerkProperties.Cache cache = properties.getCache();
		ClerkUserCache users = new ClerkUserCache(cache.getUserTtl(), cache.getUserMaxSize());
		invalidation.ifAvailable(users::setInvalidation);
		return users;
	}

	@Bean
	@ConditionalOnMissingBean
	EndedSessions clerkEndedSessions(DataSource dataSource, PlatformTransactionManager transactionManager,
			ObjectProvider<CacheInvalidation> invalidation) {
		EndedSessions endedSessions = new EndedSessions(new JdbcTemplate(dataSource),
				new QuietRollbackTransactionTemplate(transactionManager), Duration.ofSeconds(30), Clock.systemUTC());
		invalidation.ifAvailable(endedSessions::setInvalidation);
		return endedSessions;
	}

	@Bean
	@ConditionalOnMissingBean
	AdvisoryLocks clerkAdvisoryLocks(DataSource dataSource, ClerkProperties properties) {
		AdvisoryLocks locks = new AdvisoryLocks(new JdbcTemplate(dataSource));
		locks.setLockTimeout(properties.getLockTimeout());
		return locks;
	}

	@Bean
	static ClerkTransactionManagerCheck clerkTransactionManagerCheck(ListableBeanFactory beanFactory,
			PlatformTransactionManager transactionManager, DataSource dataSource,
			ObjectProvider<EntityManagerFactory> entityManagerFactory) {
		return new ClerkTransactionManagerCheck(beanFactory, transactionManager, dataSource,
				entityManagerFactory.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserService clerkUserService(ClerkUserRepository repository, ClerkUserCache cache) {
		return new ClerkUserService(repository, cache);
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserSynchronizer clerkUserSynchronizer(ClerkUserRepository repository, ClerkUserCache cache,
			AdvisoryLocks locks, ClerkProperties properties, EntityManagerFactory entityManagerFactory,
			ObjectProvider<ClerkUserReferences> references) {
		ClerkProperties.Users users = properties.getUsers();
		ClerkUserSynchronizer synchronizer = new ClerkUserSynchronizer(repository, cache, locks,
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory),
				new UsernamePolicy(users.isGenerateUsernames(), users.getUsernamePrefix()), Clock.systemUTC());
		synchronizer.setReferences(() -> references.orderedStream().toList());
		return synchronizer;
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserAccounts clerkUserAccounts(ClerkUserRepository repository, ClerkUserCache cache, AdvisoryLocks locks,
			PasswordEncoder passwordEncoder, EntityManagerFactory entityManagerFactory) {
		return new ClerkUserAccounts(repository, cache, locks,
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory), passwordEncoder);
	}

	/**
	 * Cache invalidation across the instances sharing the database, through PostgreSQL's
	 * LISTEN/NOTIFY, unless {@code clerk.cache.invalidation=none}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.postgresql.PGConnection")
	@ConditionalOnClerkProperty(name = "clerk.cache.invalidation", type = ClerkProperties.Invalidation.class,
			havingValue = "postgres", matchIfMissing = true)
	static class CacheInvalidationConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheInvalidation.class)
		PostgresCacheInvalidation clerkCacheInvalidation(DataSource dataSource,
				PlatformTransactionManager transactionManager, ClerkProperties properties, Environment environment) {
			return new PostgresCacheInvalidation(dataSource, new QuietRollbackTransactionTemplate(transactionManager),
					listenerConnections(dataSource, properties.getCache().getListenerUrl(), environment));
		}

		/**
		 * The listening connection is opened outside the pool where the pool says how:
		 * Hikari's URL (or {@code clerk.cache.listener-url}), driver properties (SSL
		 * settings, say) and credentials. With {@code clerk.cache.listener-url} and
		 * another pool, the credentials are {@code spring.datasource.username} and
		 * {@code password}. Without either, the data source lends one of its own.
		 */
		private static Callable<Connection> listenerConnections(DataSource dataSource, @Nullable String listenerUrl,
				Environment environment) {
			HikariDataSource hikari = HikariPools.of(dataSource);
			String url = StringUtils.hasText(listenerUrl) ? listenerUrl.trim()
					: (hikari != null) ? hikari.getJdbcUrl() : null;
			if (url == null) {
				return dataSource::getConnection;
			}
			Properties properties = (hikari != null) ? HikariPools.driverProperties(hikari) : new Properties();
			if (hikari == null) {
				String username = environment.getProperty("spring.datasource.username");
				String password = environment.getProperty("spring.datasource.password");
				if (username != null) {
					properties.setProperty("user", username);
				}
				if (password != null) {
					properties.setProperty("password", password);
				}
			}
			return PostgresCacheInvalidation.driverManager(url, properties);
		}

	}

	/**
	 * Without cache invalidation ({@code clerk.cache.invalidation=none}): says so when a
	 * listening connection is configured all the same (black-box run 341), which nothing
	 * opens then.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClerkProperty(name = "clerk.cache.invalidation", type = ClerkProperties.Invalidation.class,
			havingValue = "none")
	static class WithoutCacheInvalidationConfiguration {

		WithoutCacheInvalidationConfiguration(ClerkProperties properties) {
			if (StringUtils.hasText(properties.getCache().getListenerUrl())) {
				logger.warn("clerk.cache.listener-url is set, but clerk.cache.invalidation is none, so no connection "
						+ "listens and the URL is not used: an instance's cached users change on the others only as "
						+ "their entries expire (clerk.cache.user-ttl). Remove clerk.cache.listener-url, or set "
						+ "clerk.cache.invalidation=postgres.");
			}
		}

	}

	/**
	 * Adds the users' entity package to the application's own {@code @EntityScan}.
	 */
	static final class EntityScanRegistrar extends ClerkEntityScanRegistrar {

		EntityScanRegistrar() {
			super(ClerkUser.class);
		}

	}

}
