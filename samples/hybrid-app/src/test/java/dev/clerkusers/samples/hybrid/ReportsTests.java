package dev.clerkusers.samples.hybrid;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.IssuedMachineToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

/**
 * The reports for scripts over real HTTP: a Clerk API key issued by the test kit's fake
 * Clerk, with the {@code reports:read} scope, and nothing else.
 */
@HybridApplicationTest
class ReportsTests {

	@Autowired
	RestTestClient http;

	@Autowired
	FakeClerkBackend clerk;

	@BeforeEach
	void seedClerk() {
		this.clerk.reset();
		LocalMode.seed(this.clerk);
	}

	@Test
	void anApiKeyWithTheReportsScopeGetsTheReport() {
		IssuedMachineToken key = this.clerk.createApiKey("org_acme", "reports:read");
		get("/api/reports", key.secret()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requestedBy")
			.isEqualTo("org_acme")
			.jsonPath("$.key")
			.isEqualTo(key.id())
			.jsonPath("$.users")
			.isNumber();
	}

	@Test
	void anApiKeyWithoutTheScopeIsForbidden() {
		get("/api/reports", this.clerk.createApiKey("org_acme").secret()).expectStatus().isForbidden();
	}

	@Test
	void aSessionTokenIsRefusedOnTheReports() {
		get("/api/reports", this.clerk.tokens().token("user_ada")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-type-mismatch");
	}

	@Test
	void anApiKeyIsRefusedOnTheUsersApi() {
		get("/api/me", this.clerk.createApiKey("user_ada", "reports:read").secret()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("token-type-mismatch");
	}

	@Test
	void aRevokedApiKeyIsRefused() {
		IssuedMachineToken key = this.clerk.createApiKey("org_acme", "reports:read");
		this.clerk.revokeMachineToken(key.id());
		get("/api/reports", key.secret()).expectStatus().isUnauthorized();
	}

	private ResponseSpec get(String path, String token) {
		return this.http.get().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

}
