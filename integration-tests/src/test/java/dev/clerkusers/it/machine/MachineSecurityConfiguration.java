package dev.clerkusers.it.machine;

import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.security.ClerkMachineAuthenticationToken;
import dev.clerkusers.token.ClerkTokenType;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Filter chains as an application with an API for scripts, one for other services and one
 * mixing users and machines would write them, beside the application's session-only chain
 * ({@code AppSecurityConfiguration}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class MachineSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain reportsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/machine/reports/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.acceptsTokens(ClerkTokenType.API_KEY))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/machine/reports/admin")
				.hasAuthority("SCOPE_reports:admin")
				.anyRequest()
				.authenticated());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain internalFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/machine/internal/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.acceptsTokens(ClerkTokenType.M2M_TOKEN))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	/**
	 * A chain for machines only, as machine-auth.md shows it: the token types decide
	 * which tokens it takes, and its authorization rule keeps out any other sign-in (a
	 * staff member's form login, kept in the HTTP session).
	 */
	@Bean
	@Order(3)
	SecurityFilterChain machinesOnlyFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/machine/callers/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.acceptsTokens(ClerkTokenType.M2M_TOKEN))
			.authorizeHttpRequests((requests) -> requests.anyRequest()
				.access((authentication, request) -> new AuthorizationDecision(
						authentication.get() instanceof ClerkMachineAuthenticationToken)));
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain mixedFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/machine/mixed/**")
			.with(ClerkConfigurer.clerk(),
					(clerk) -> clerk.acceptsTokens(ClerkTokenType.SESSION_TOKEN, ClerkTokenType.API_KEY,
							ClerkTokenType.OAUTH_TOKEN))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

}
