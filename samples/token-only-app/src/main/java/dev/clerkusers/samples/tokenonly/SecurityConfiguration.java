package dev.clerkusers.samples.tokenonly;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import static dev.clerkusers.security.ClerkConfigurer.clerk;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The application's own chain: stateless, every {@code /api} request authenticated by a
 * Clerk session token. {@code clerk()} takes the verifier and its collaborators from the
 * application context.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.with(clerk(), withDefaults());
		return http.build();
	}

}
