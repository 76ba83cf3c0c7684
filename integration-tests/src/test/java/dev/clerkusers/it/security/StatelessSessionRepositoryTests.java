package dev.clerkusers.it.security;

import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.ClerkConfigurer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside session mode, nothing checks a Clerk sign-in kept in the HTTP session (its
 * Clerk session, its user), so none is read from there: not when a chain keeps one with a
 * repository of its own ({@code securityContextRepository(…)} of the DSL), on that chain
 * or any other.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@ExtendWith(OutputCaptureExtension.class)
@Import(StatelessSessionRepositoryTests.KeepingChain.class)
class StatelessSessionRepositoryTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserAccounts accounts;

	/**
	 * Black-box run 182 F2: a chain that kept its Clerk sign-ins in the HTTP session
	 * signed the browser in on every chain afterwards, without a token, and after its
	 * user was deleted too.
	 */
	@Test
	void aClerkSignInAChainKeptInTheSessionSignsNobodyInWithoutItsToken(CapturedOutput output) {
		this.clerk.addUser(ClerkData.user("user_kept").email("kept@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		HttpTestClient.Response signedIn = browser.get("/partner/whoami", "Authorization",
				"Bearer " + this.clerk.tokens().token("user_kept"));
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.body()).isEqualTo("user_kept");
		assertThat(browser.get("/api/me").status()).as("another chain").isEqualTo(401);
		assertThat(browser.get("/partner/whoami").status()).as("the chain that kept it").isEqualTo(401);
		assertThat(output).contains("has no effect outside session mode");
	}

	/**
	 * Black-box run 187 F1: the chain's own repository wrote a token's sign-in over the
	 * staff member's form login in the HTTP session, and since no Clerk sign-in is read
	 * back outside session mode, the staff member was signed out.
	 */
	@Test
	void aTokensSignInOnTheChainLeavesAFormLoginSessionAsItWas() {
		this.accounts.createSuperuser("kept-staff@example.com", "staff-password-1");
		this.clerk.addUser(ClerkData.user("user_beside_staff").email("beside-staff@example.com"));
		HttpTestClient browser = HttpTestClient.browser(this.port);
		assertThat(browser.formLogin("kept-staff@example.com", "staff-password-1").header("Location"))
			.doesNotContain("error");
		assertThat(browser
			.get("/partner/whoami", "Authorization", "Bearer " + this.clerk.tokens().token("user_beside_staff"))
			.body()).isEqualTo("user_beside_staff");
		assertThat(browser.get("/partner/whoami").body()).isEqualTo("kept-staff@example.com");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class KeepingChain {

		@Bean
		@Order(1)
		SecurityFilterChain keepingFilterChain(HttpSecurity http) throws Exception {
			http.securityMatcher("/partner/**")
				.with(ClerkConfigurer.clerk(),
						(clerk) -> clerk.securityContextRepository(new HttpSessionSecurityContextRepository()))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

		@Bean
		SecurityFilterChain otherFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

	}

}
