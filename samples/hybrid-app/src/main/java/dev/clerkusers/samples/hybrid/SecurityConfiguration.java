package dev.clerkusers.samples.hybrid;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application's filter chain, written as for any Spring application: staff pages and
 * Actuator for staff, the operations that change data through Actuator (a sync,
 * reprocessing or dismissing a webhook event) for superusers only, the API for signed-in
 * users, form login. clerk-users adds Clerk session tokens to it by itself; the webhook
 * endpoint is open.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/login", "/css/**", "/error")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/actuator/**")
			.hasRole("SUPERUSER")
			.requestMatchers(HttpMethod.DELETE, "/actuator/**")
			.hasRole("SUPERUSER")
			.requestMatchers("/staff/**", "/actuator/**")
			.hasRole("STAFF")
			.anyRequest()
			.authenticated());
		http.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/staff/users", true).permitAll());
		http.logout((logout) -> logout.logoutSuccessUrl("/login?logout"));
		return http.build();
	}

}
