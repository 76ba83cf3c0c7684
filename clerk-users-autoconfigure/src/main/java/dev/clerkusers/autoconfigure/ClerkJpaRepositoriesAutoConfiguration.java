package dev.clerkusers.autoconfigure;

import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of {@link ClerkUserRepository} for
 * an application whose own {@link EnableJpaRepositories @EnableJpaRepositories} leaves
 * the library's package out (or that turned Spring Data's repositories off): Spring Boot
 * then no longer scans the auto-configuration packages for repositories, so the library
 * enables its own. Runs after Spring Boot's repositories auto-configuration, and does
 * nothing when the repository exists.
 */
@AutoConfiguration(after = ClerkUsersAutoConfiguration.class,
		afterName = "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, EnableJpaRepositories.class })
@ConditionalOnBean(ClerkUserService.class)
@ConditionalOnMissingBean(ClerkUserRepository.class)
@EnableJpaRepositories(basePackageClasses = ClerkUserRepository.class)
public final class ClerkJpaRepositoriesAutoConfiguration {

}
