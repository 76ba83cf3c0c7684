package dev.clerkusers.it.reactive;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * An application's own filter chain: public paths open, the API authenticated. Clerk is
 * added to it by the library, without a line here.
 */
@TestConfiguration(proxyBeanMethods = false)
class ReactiveSecurityConfiguration {

	@Bean
	SecurityWebFilterChain appChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/public/**").permitAll().anyExchange().authenticated())
			.build();
	}

}
