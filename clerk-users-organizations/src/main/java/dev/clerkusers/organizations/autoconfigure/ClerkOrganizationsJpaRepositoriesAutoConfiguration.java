package dev.clerkusers.organizations.autoconfigure;

import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationService;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the organizations' repositories
 * for an application whose own {@link EnableJpaRepositories @EnableJpaRepositories}
 * leaves the module's package out (or that turned Spring Data's repositories off): Spring
 * Boot then no longer scans the auto-configuration packages for repositories, so the
 * module enables its own. Runs after Spring Boot's repositories auto-configuration, and
 * does nothing when the repositories exist.
 */
@AutoConfiguration(after = ClerkOrganizationsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, EnableJpaRepositories.class })
@ConditionalOnBean(OrganizationService.class)
@ConditionalOnMissingBean(OrganizationRepository.class)
@EnableJpaRepositories(basePackageClasses = OrganizationRepository.class)
public final class ClerkOrganizationsJpaRepositoriesAutoConfiguration {

}
