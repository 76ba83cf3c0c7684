package dev.clerkusers.it.reactive;

import dev.clerkusers.security.reactive.ClerkServerConfigurer;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application without a database and without a filter chain of its own: the
 * default chain authenticates every exchange with a Clerk token, and the principal is the
 * token's claims.
 */
@ReactiveIntegrationTest
@TestPropertySource(properties = "spring.autoconfigure.exclude="
		+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
		+ "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
		+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
class VerifyOnlyDefaultChainTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ApplicationContext context;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
	}

	@Test
	void theDefaultChainAcceptsATokenWithoutUsersTable() {
		assertThat(this.context.getBeanProvider(ClerkUserService.class).getIfAvailable()).isNull();
		assertThat(this.context.getBeansOfType(ClerkServerConfigurer.class)).hasSize(1);
		this.client.get()
			.uri("/api/claims")
			.headers((headers) -> headers.setBearerAuth(this.clerk.tokens().token("user_claims")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_claims");
	}

	@Test
	void theDefaultChainRefusesEverythingElse() {
		this.client.get().uri("/public/hello").exchange().expectStatus().isUnauthorized();
		this.client.get()
			.uri("/api/claims")
			.headers((headers) -> headers.setBearerAuth(this.clerk.tokens().session("user_x").expired().sign()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-expired");
	}

}
