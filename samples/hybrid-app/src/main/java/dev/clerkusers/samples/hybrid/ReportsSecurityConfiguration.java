package dev.clerkusers.samples.hybrid;

import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.token.ClerkTokenType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of the endpoints for scripts: Clerk API keys only (a session token is
 * refused there, as an API key is on every other chain), with the {@code reports:read}
 * scope.
 */
@Configuration(proxyBeanMethods = false)
class ReportsSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain reportsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/reports/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.acceptsTokens(ClerkTokenType.API_KEY))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_reports:read"));
		return http.build();
	}

}
