package dev.clerkusers.it;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A filter chain as an application with a public area, an API and form login would write
 * it. clerk-users adds Clerk authentication to it by itself.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AppSecurityConfiguration {

	@Bean
	SecurityFilterChain appSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**", "/error")
			.permitAll()
			.requestMatchers("/actuator/**")
			.hasRole("STAFF")
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

}
