package dev.clerkusers.it.security;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.HttpTestClient.Response;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose form login authenticates through a manager of its own, set with
 * Spring Security's {@code withObjectPostProcessor} (here one that locks everyone): it
 * still decides, beside what clerk-users adds to the form (review 46, #1).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(FormLoginManagerTests.Chain.class)
class FormLoginManagerTests {

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserAccounts accounts;

	@Test
	void theApplicationsOwnFormManagerStillDecides() {
		this.accounts.createSuperuser("own-manager@example.com", "staff-password-1");
		Response answer = HttpTestClient.browser(this.port).formLogin("own-manager@example.com", "staff-password-1");
		assertThat(answer.header("Location")).as("the application's manager refuses every sign-in")
			.endsWith("/login?error");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Chain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin((form) -> form
					.withObjectPostProcessor(new ObjectPostProcessor<UsernamePasswordAuthenticationFilter>() {
						@Override
						public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
							filter.setAuthenticationManager((authentication) -> {
								throw new LockedException("locked by the application");
							});
							return filter;
						}
					}));
			return http.build();
		}

	}

}
