package dev.clerkusers.benchmarks;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Leaves the baseline endpoint open, as the webhook endpoint is.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class BenchmarkSecurity {

	@Bean
	SecurityFilterChain benchmarkSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/baseline/**").permitAll().anyRequest().authenticated());
		http.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
