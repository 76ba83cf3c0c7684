package dev.clerkusers.samples.tokenonly;

import javax.sql.DataSource;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.token.ClerkTestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application without a database, over real HTTP, with session tokens signed by the
 * test kit's fake Clerk: tokens are verified, the principal and its organization come
 * from the claims, and nothing of the users table exists.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureFakeClerk
class TokenOnlyApplicationTests {

	@Autowired
	RestTestClient http;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ApplicationContext context;

	@Test
	void theApplicationHasNoDatabaseAndNoUsersTable() {
		assertThat(ClassUtils.isPresent("jakarta.persistence.EntityManagerFactory", null)).isFalse();
		assertThat(ClassUtils.isPresent("org.flywaydb.core.Flyway", null)).isFalse();
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(this.context.containsBean("clerkUserService")).isFalse();
	}

	@Test
	void theSignedInUserComesFromTheToken() {
		String token = this.clerk.tokens().token("user_ada");
		this.http.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_ada")
			.jsonPath("$.authorities[0]")
			.isEqualTo("ROLE_USER")
			.jsonPath("$.organization")
			.doesNotExist();
	}

	@Test
	void theActiveOrganizationAndItsAuthoritiesComeFromTheToken() {
		String token = this.clerk.tokens()
			.session("user_ada")
			.organization("org_acme", "acme", "org:admin", "org:billing:manage")
			.sign();
		this.http.get()
			.uri("/api/organization/settings")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo("org_acme")
			.jsonPath("$.permissions[0]")
			.isEqualTo("org:billing:manage");
	}

	@Test
	void aMemberWhoIsNotAnAdminIsForbidden() {
		String token = this.clerk.tokens().session("user_grace").organization("org_acme", "acme", "org:member").sign();
		this.http.get()
			.uri("/api/organization/settings")
			.headers(ClerkTestTokens.bearer(token))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aRequestWithoutATokenIsUnauthorized() {
		this.http.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void aTokenSignedByAnotherKeyIsUnauthorized() {
		String forged = this.clerk.tokens().session("user_ada").signedBy(ClerkTestTokens.generate()).sign();
		this.http.get()
			.uri("/api/me")
			.headers(ClerkTestTokens.bearer(forged))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
