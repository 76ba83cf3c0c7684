package dev.clerkusers.it.reactive;

import dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationAuthorization;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A WebFlux application using the organizations module as its users would: reactive
 * method security with the {@code clerkOrganizations} helper, and request rules on the
 * active organization's permission, role and presence.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableReactiveMethodSecurity
class ReactiveOrganizationConfiguration {

	@Bean
	SecurityWebFilterChain organizationAppChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/api/billing/**")
				.access(ClerkReactiveOrganizationAuthorization.hasOrganizationPermission("org:billing:manage"))
				.pathMatchers("/api/admin/**")
				.access(ClerkReactiveOrganizationAuthorization.hasOrganizationRole("admin"))
				.pathMatchers("/api/teams/**")
				.access(ClerkReactiveOrganizationAuthorization.inActiveOrganization())
				.anyExchange()
				.authenticated())
			.build();
	}

}
