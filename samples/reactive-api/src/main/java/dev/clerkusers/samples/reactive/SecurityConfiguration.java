package dev.clerkusers.samples.reactive;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The application's filter chain, written as for any WebFlux application: the public
 * paths open, everything else for signed-in users. clerk-users adds Clerk session tokens
 * to it by itself; the webhook endpoint has a chain of its own (signed deliveries only).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/api/public/**").permitAll().anyExchange().authenticated())
			.build();
	}

}
