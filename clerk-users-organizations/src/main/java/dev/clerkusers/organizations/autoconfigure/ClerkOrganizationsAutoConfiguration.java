package dev.clerkusers.organizations.autoconfigure;

import java.time.Clock;
import java.util.Map;

import dev.clerkusers.actuate.ClerkCacheMetrics;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.autoconfigure.ClerkApiAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkEntityScanRegistrar;
import dev.clerkusers.autoconfigure.ClerkSyncAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.autoconfigure.ConditionalOnClerkProperty;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationCache;
import dev.clerkusers.organizations.OrganizationInvitationRepository;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.OrganizationUserReferences;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.organizations.security.HeaderOrganizationSelector;
import dev.clerkusers.organizations.security.StoredOrganizationMemberships;
import dev.clerkusers.organizations.sync.OrganizationSyncStep;
import dev.clerkusers.organizations.webhook.OrganizationWebhookHandler;
import dev.clerkusers.security.ClerkOrganizationMemberships;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.sync.ReconcileGuard;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.annotation.Order;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the organizations module, active
 * whenever it is on the class path: its entities and repositories (its tables are
 * migrated by {@link ClerkOrganizationsSchemaMigrationAutoConfiguration}) (through an
 * auto-configuration package, the entities also added to an application's own
 * {@code @EntityScan}), {@link OrganizationService}, the webhook handler, the
 * {@code X-Organization-Id} selection, the {@code clerkOrganizations} authorization bean,
 * and the {@code @CurrentOrganization} and {@code ClerkOrganizationContext} argument
 * resolvers.
 */
@AutoConfiguration(after = { ClerkUsersAutoConfiguration.class, ClerkApiAutoConfiguration.class },
		before = ClerkSyncAutoConfiguration.class,
		beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass(EntityManagerFactory.class)
@ConditionalOnBean(ClerkUserService.class)
@EnableConfigurationProperties(ClerkOrganizationsProperties.class)
@AutoConfigurationPackage(basePackageClasses = Organization.class)
@Import(ClerkOrganizationsAutoConfiguration.EntityScanRegistrar.class)
@ImportRuntimeHints(ClerkOrganizationsRuntimeHints.class)
public final class ClerkOrganizationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OrganizationCache clerkOrganizationCache(ClerkOrganizationsProperties properties,
			ObjectProvider<CacheInvalidation> invalidation, ObjectProvider<ClerkUserCache> users) {
		OrganizationCache cache = new OrganizationCache(properties.getCacheTtl(), properties.getCacheMaxSize());
		invalidation.ifAvailable(cache::setInvalidation);
		users.ifAvailable(cache::followUsers);
		return cache;
	}

	/**
	 * Binds the organization and membership caches to Micrometer, tagged
	 * {@code cache=clerk.organizations} and {@code cache=clerk.memberships}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class OrganizationCacheMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "clerkOrganizationCacheMetrics")
		ClerkCacheMetrics clerkOrganizationCacheMetrics(OrganizationCache cache) {
			return new ClerkCacheMetrics(Map.of(cache.organizations().getName(), cache.organizations().getNativeCache(),
					cache.memberships().getName(), cache.memberships().getNativeCache()));
		}

	}

	@Bean
	@ConditionalOnMissingBean
	OrganizationService clerkOrganizationService(OrganizationRepository organizations,
			OrganizationMembershipRepository memberships, OrganizationCache cache) {
		return new OrganizationService(organizations, memberships, cache);
	}

	@Bean
	@ConditionalOnMissingBean
	OrganizationSynchronizer clerkOrganizationSynchronizer(OrganizationRepository organizations,
			OrganizationMembershipRepository memberships, OrganizationInvitationRepository invitations,
			ClerkUserService users, ClerkUserSynchronizer userSynchronizer, OrganizationCache cache,
			AdvisoryLocks locks, EntityManagerFactory entityManagerFactory) {
		return new OrganizationSynchronizer(organizations, memberships, invitations, users, userSynchronizer, cache,
				locks, SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	OrganizationUserReferences clerkOrganizationUserReferences(EntityManagerFactory entityManagerFactory,
			OrganizationCache cache) {
		return new OrganizationUserReferences(
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory), cache);
	}

	@Bean
	@ConditionalOnMissingBean
	OrganizationWebhookHandler clerkOrganizationWebhookHandler(OrganizationSynchronizer organizations,
			ApplicationEventPublisher events) {
		return new OrganizationWebhookHandler(organizations, events, Clock.systemUTC());
	}

	/**
	 * The organizations step of a bulk sync, when the Backend API client is configured.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ClerkApiClient.class)
	static class SyncConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClerkOrganizationsApi clerkOrganizationsApi(ClerkApiClient api) {
			return new ClerkOrganizationsApi(api.transport());
		}

		@Bean
		@Order(100)
		@ConditionalOnMissingBean
		OrganizationSyncStep clerkOrganizationSyncStep(ClerkOrganizationsApi api,
				OrganizationSynchronizer organizations, OrganizationRepository repository,
				OrganizationMembershipRepository memberships, PlatformTransactionManager transactionManager,
				ObjectProvider<ReconcileGuard> guard, AdvisoryLocks locks) {
			OrganizationSyncStep step = new OrganizationSyncStep(api, organizations, repository, memberships,
					transactionManager, Clock.systemUTC());
			guard.ifAvailable(step::setReconcileGuard);
			step.setLocks(locks);
			return step;
		}

	}

	@Bean
	@ConditionalOnMissingBean(ClerkOrganizationMemberships.class)
	StoredOrganizationMemberships clerkOrganizationMemberships(OrganizationService organizations) {
		return new StoredOrganizationMemberships(organizations);
	}

	@Bean
	@ConditionalOnMissingBean(ClerkOrganizationSelector.class)
	@ConditionalOnClerkProperty(name = "clerk.organizations.header-selection", matchIfMissing = true)
	HeaderOrganizationSelector clerkHeaderOrganizationSelector(ClerkOrganizationMemberships memberships,
			ClerkOrganizationsProperties properties) {
		return new HeaderOrganizationSelector(memberships, properties.getHeaderName());
	}

	/**
	 * Adds the organizations' entity package to the application's own
	 * {@code @EntityScan}.
	 */
	static final class EntityScanRegistrar extends ClerkEntityScanRegistrar {

		EntityScanRegistrar() {
			super(Organization.class);
		}

	}

}
