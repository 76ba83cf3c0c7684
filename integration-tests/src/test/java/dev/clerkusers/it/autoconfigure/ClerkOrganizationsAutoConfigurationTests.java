package dev.clerkusers.it.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.organizations.OrganizationCache;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsAutoConfiguration;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsSchemaMigrationAutoConfiguration;
import dev.clerkusers.organizations.security.HeaderOrganizationSelector;
import dev.clerkusers.organizations.sync.OrganizationSyncStep;
import dev.clerkusers.organizations.webhook.OrganizationWebhookHandler;
import dev.clerkusers.security.ClerkOrganizationMemberships;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkOrganizationsAutoConfiguration} on a real PostgreSQL: the organization
 * tables and services exist beside the users table, the module migrates its own schema
 * after the core's, the header selection can be turned off, and each bean backs off.
 */
class ClerkOrganizationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DatabaseContextRunners
		.withUsersTable(new ApplicationContextRunner())
		.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSchemaMigrationAutoConfiguration.class,
				ClerkOrganizationsAutoConfiguration.class));

	@Test
	void besideTheUsersTableTheOrganizationsAndTheirServicesExist() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OrganizationService.class)
				.hasSingleBean(OrganizationSynchronizer.class)
				.hasSingleBean(OrganizationCache.class)
				.hasSingleBean(OrganizationWebhookHandler.class)
				.hasSingleBean(HeaderOrganizationSelector.class)
				.hasBean("clerkOrganizationsSchemaMigration");
			assertThat(context.getBean(OrganizationService.class).findByClerkId("org_none")).isEmpty();
			Integer tables = new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("select count(*) from information_schema.tables where table_name in"
						+ " ('clerk_organizations', 'clerk_organization_memberships', 'clerk_organization_invitations')",
						Integer.class);
			assertThat(tables).isEqualTo(3);
		});
	}

	@Test
	void withoutTheBackendApiThereIsNoSyncStep() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OrganizationSyncStep.class)
			.doesNotHaveBean(ClerkOrganizationsApi.class));
	}

	@Test
	void withTheBackendApiOrganizationsAreSynced() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_organizations")
			.run((context) -> assertThat(context).hasSingleBean(OrganizationSyncStep.class)
				.hasSingleBean(ClerkOrganizationsApi.class));
	}

	@Test
	void theHeaderSelectionCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("clerk.organizations.header-selection=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkOrganizationSelector.class)
				.hasSingleBean(OrganizationService.class)
				.as("a kept session-mode sign-in still reads its membership")
				.hasSingleBean(ClerkOrganizationMemberships.class));
	}

	@Test
	void theSchemaMigrationFollowsTheCores() {
		this.contextRunner.withPropertyValues("clerk.schema.migrate=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSchemaMigration.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSchemaMigration.class)
				.hasSingleBean(OrganizationService.class));
	}

	@Test
	void withoutTheUsersTableThereAreNoOrganizations() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ClerkUsersAutoConfiguration.class, ClerkOrganizationsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrganizationService.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClerkOrganizationsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(EntityManagerFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OrganizationService.class));
	}

	@Test
	void anApplicationsMembershipsReplaceTheStoredOnes() {
		ClerkOrganizationMemberships own = (organizationId, userId) -> Optional.empty();
		this.contextRunner.withBean(ClerkOrganizationMemberships.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClerkOrganizationMemberships.class).isSameAs(own));
	}

	/**
	 * Review run 291: the header selector read the stored memberships itself, so an
	 * application's {@code ClerkOrganizationMemberships} (one that leaves out suspended
	 * members, say) decided a kept sign-in's organization but not a header-selected one.
	 */
	@Test
	void theHeaderSelectorReadsTheApplicationsMemberships() {
		ClerkOrganizationClaims suspended = new ClerkOrganizationClaims("org_own", null, "org:viewer", List.of());
		ClerkOrganizationMemberships own = (organizationId, userId) -> "org_own".equals(organizationId)
				? Optional.of(suspended) : Optional.empty();
		ClerkSessionClaims claims = ClerkSessionClaims.fromClaims(Map.of("sub", "user_1", "sid", "sess_1", "iat",
				Instant.now().getEpochSecond(), "exp", Instant.now().getEpochSecond() + 60));
		this.contextRunner.withBean(ClerkOrganizationMemberships.class, () -> own)
			.run((context) -> assertThat(context.getBean(HeaderOrganizationSelector.class).select("org_own", claims))
				.contains(suspended));
	}

	@Test
	void anApplicationsSelectorReplacesTheHeaderSelector() {
		ClerkOrganizationSelector own = (organizationId, claims) -> Optional.empty();
		this.contextRunner.withBean(ClerkOrganizationSelector.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClerkOrganizationSelector.class).isSameAs(own));
	}

}
