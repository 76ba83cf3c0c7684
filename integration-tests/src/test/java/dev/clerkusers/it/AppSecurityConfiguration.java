package dev.clerkusers.it;

import java.nio.charset.StandardCharsets;

import dev.clerkusers.security.ClerkConfigurer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A filter chain as an application with a public area, an API and form login would write
 * it. clerk-users adds Clerk authentication to it by itself. Beside it, an API whose
 * chain answers missing or refused credentials in a format of its own
 * ({@value #PROBLEM_TYPE}), through the Clerk DSL's entry point.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AppSecurityConfiguration {

	/**
	 * The {@code type} of the problem documents that the {@code /problems/**} chain
	 * answers with.
	 */
	public static final String PROBLEM_TYPE = "https://app.example.com/problems/unauthorized";

	@Bean
	@Order(1)
	SecurityFilterChain problemsSecurityFilterChain(HttpSecurity http) throws Exception {
		AuthenticationEntryPoint problems = (request, response, exception) -> {
			response.setStatus(401);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write("{\"type\":\"" + PROBLEM_TYPE + "\",\"status\":401}");
		};
		http.securityMatcher("/problems/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.entryPoint(problems))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

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
