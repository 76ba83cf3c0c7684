package dev.clerkusers.it.autoconfigure;

import dev.clerkusers.autoconfigure.ClerkJpaRepositoriesAutoConfiguration;
import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationInvitationRepository;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsAutoConfiguration;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsJpaRepositoriesAutoConfiguration;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsSchemaMigrationAutoConfiguration;
import dev.clerkusers.ownscan.Project;
import dev.clerkusers.ownscan.ProjectRepository;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Metamodel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that scans for its own entities ({@code @EntityScan}) or repositories
 * ({@code @EnableJpaRepositories}) in its own packages only, which turns off Spring
 * Boot's scanning of the auto-configuration packages, still gets the library's entities
 * and repositories beside its own.
 */
class ScopedJpaScanningTests {

	private final ApplicationContextRunner contextRunner = DatabaseContextRunners
		.withUsersTable(new ApplicationContextRunner())
		.withConfiguration(AutoConfigurations.of(ClerkOrganizationsSchemaMigrationAutoConfiguration.class,
				ClerkOrganizationsAutoConfiguration.class, ClerkJpaRepositoriesAutoConfiguration.class,
				ClerkOrganizationsJpaRepositoriesAutoConfiguration.class));

	@Test
	void anApplicationsOwnEntityScanKeepsTheLibrarysEntities() {
		this.contextRunner.withUserConfiguration(OwnEntityScan.class).run(this::hasTheLibrarysAndItsOwn);
	}

	@Test
	void anApplicationsOwnRepositoriesKeepTheLibrarysRepositories() {
		this.contextRunner.withUserConfiguration(OwnRepositories.class).run(this::hasTheLibrarysAndItsOwn);
	}

	@Test
	void anApplicationScanningOnlyItsOwnPackagesForBothKeepsTheLibrarys() {
		this.contextRunner.withUserConfiguration(OwnEntityScanAndRepositories.class).run(this::hasTheLibrarysAndItsOwn);
	}

	@Test
	void anApplicationThatScansTheLibrarysPackagesItselfGetsEachRepositoryOnce() {
		this.contextRunner.withUserConfiguration(OwnScanningWithTheLibrarysPackages.class)
			.run(this::hasTheLibrarysAndItsOwn);
	}

	@Test
	void withRepositoriesTurnedOffTheLibraryStillHasItsOwn() {
		this.contextRunner.withPropertyValues("spring.data.jpa.repositories.enabled=false")
			.withUserConfiguration(OwnEntityScan.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ClerkUserRepository.class)
					.hasSingleBean(OrganizationRepository.class)
					.doesNotHaveBean(ProjectRepository.class);
				assertThat(context.getBean(ClerkUserService.class).findByClerkId("user_none")).isEmpty();
			});
	}

	private void hasTheLibrarysAndItsOwn(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.hasSingleBean(ClerkUserRepository.class)
			.hasSingleBean(OrganizationRepository.class)
			.hasSingleBean(OrganizationMembershipRepository.class)
			.hasSingleBean(OrganizationInvitationRepository.class)
			.hasSingleBean(ProjectRepository.class);
		Metamodel metamodel = context.getBean(EntityManagerFactory.class).getMetamodel();
		assertThat(metamodel.entity(ClerkUser.class)).isNotNull();
		assertThat(metamodel.entity(Organization.class)).isNotNull();
		assertThat(metamodel.entity(Project.class)).isNotNull();
		assertThat(context.getBean(ClerkUserService.class).findByClerkId("user_none")).isEmpty();
		assertThat(context.getBean(OrganizationService.class).findByClerkId("org_none")).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Project.class)
	@EntityScan(basePackageClasses = Project.class)
	static class OwnEntityScan {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Project.class)
	@EnableJpaRepositories(basePackageClasses = ProjectRepository.class)
	static class OwnRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Project.class)
	@EntityScan(basePackageClasses = Project.class)
	@EnableJpaRepositories(basePackageClasses = ProjectRepository.class)
	static class OwnEntityScanAndRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Project.class)
	@EntityScan(basePackageClasses = { Project.class, ClerkUser.class, Organization.class })
	@EnableJpaRepositories(
			basePackageClasses = { ProjectRepository.class, ClerkUserRepository.class, OrganizationRepository.class })
	static class OwnScanningWithTheLibrarysPackages {

	}

}
