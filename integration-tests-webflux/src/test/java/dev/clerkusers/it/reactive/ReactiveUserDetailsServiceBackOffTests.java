package dev.clerkusers.it.reactive;

import dev.clerkusers.security.reactive.ClerkReactiveUserDetailsService;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that declares its own {@link ReactiveUserDetailsService} keeps it: the
 * users table's form login backs off, as the servlet side's does.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveUserDetailsServiceBackOffTests.OwnUserDetailsService.class)
class ReactiveUserDetailsServiceBackOffTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theApplicationsOwnServiceIsKept() {
		assertThat(this.context.getBeansOfType(ReactiveUserDetailsService.class)).containsOnlyKeys("ownUsers");
		assertThat(this.context.getBeanNamesForType(ClerkReactiveUserDetailsService.class)).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnUserDetailsService {

		@Bean
		MapReactiveUserDetailsService ownUsers() {
			return new MapReactiveUserDetailsService(
					User.withUsername("operator").password("{noop}operator-password").roles("OPERATOR").build());
		}

	}

}
