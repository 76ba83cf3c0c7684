package dev.clerkusers.it.reactive;

import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.session.InMemoryReactiveSessionRegistry;
import org.springframework.security.core.session.ReactiveSessionRegistry;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.PreventLoginServerMaximumSessionsExceededHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.SessionLimit;
import org.springframework.security.web.server.ui.LoginPageGeneratingWebFilter;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A concurrent session limit on a WebFlux chain with form login, as docs/webflux.md
 * writes it: a staff account's form logins are counted together, also with the repository
 * that erases the password hash. Black-box run 239 F1: the success handler webflux.md
 * first showed for the hash replaced Spring's, which enforce the limit, so a second
 * sign-in past a limit of one was let in.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveFormLoginSessionLimitTests.LimitedFormLogin.class)
class ReactiveFormLoginSessionLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserAccounts accounts;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void aStaffAccountsSecondFormLoginPastTheLimitIsRefused() {
		this.accounts.createSuperuser("limited@example.com", "staff-password-1");
		EntityExchangeResult<byte[]> first = ReactiveTestClient.postLogin(this.client, "limited@example.com",
				"staff-password-1");
		assertThat(first.getResponseHeaders().getLocation()).hasToString("/");
		EntityExchangeResult<byte[]> second = ReactiveTestClient.postLogin(this.client, "limited@example.com",
				"staff-password-1");
		assertThat(second.getResponseHeaders().getLocation()).as("a second sign-in past a limit of one")
			.hasToString("/login?limit");
		EntityExchangeResult<byte[]> wrong = ReactiveTestClient.postLogin(this.client, "limited@example.com",
				"not-the-password");
		assertThat(wrong.getResponseHeaders().getLocation()).as("a wrong password").hasToString("/login?error");
	}

	/**
	 * The failure handler webflux.md shows: a refusal for the session limit is told apart
	 * from a wrong password, which Spring's generated page calls "Invalid credentials"
	 * too.
	 */
	static ServerAuthenticationFailureHandler refusalsTold() {
		ServerAuthenticationFailureHandler limit = new RedirectServerAuthenticationFailureHandler("/login?limit");
		ServerAuthenticationFailureHandler error = new RedirectServerAuthenticationFailureHandler("/login?error");
		return (exchange, exception) -> (exception instanceof SessionAuthenticationException)
				? limit.onAuthenticationFailure(exchange, exception)
				: error.onAuthenticationFailure(exchange, exception);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LimitedFormLogin {

		@Bean
		ReactiveSessionRegistry reactiveSessionRegistry() {
			return new InMemoryReactiveSessionRegistry();
		}

		@Bean
		SecurityWebFilterChain limitedChain(ServerHttpSecurity http) {
			LoginPageGeneratingWebFilter loginPage = new LoginPageGeneratingWebFilter();
			loginPage.setFormLoginEnabled(true);
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.formLogin((form) -> form.securityContextRepository(new CredentialsErasingSecurityContextRepository())
					.authenticationFailureHandler(refusalsTold()))
				.sessionManagement((sessions) -> sessions
					.concurrentSessions((concurrency) -> concurrency.maximumSessions(SessionLimit.of(1))
						.maximumSessionsExceededHandler(new PreventLoginServerMaximumSessionsExceededHandler())))
				.addFilterAt(loginPage, SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
				.build();
		}

	}

}
