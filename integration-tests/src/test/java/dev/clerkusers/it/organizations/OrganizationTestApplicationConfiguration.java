package dev.clerkusers.it.organizations;


import dev.clerkusers.organizations.security.ClerkOrganizationAuthorization;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application using the organizations module as its users would: method security with the
 * {@code clerkOrganizations} helper, a request rule with an organization permission, and controllers reading the
 * organization context.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableMethodSecurity
class OrganizationTestApplicationConfiguration {

	@Bean
	SecurityFilterChain organizationAppSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/billing/**")
			.access(ClerkOrganizationAuthorization.hasOrganizationPermission("org:billing:manage"))
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

}
