package dev.clerkusers.samples.hybrid;

import java.util.List;
import java.util.Map;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.user.ClerkUserRepository;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API over real HTTP, with session tokens signed by the test kit's fake Clerk.
 */
@HybridApplicationTest
class ApiTests {

	@Autowired
	RestTestClient http;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserRepository users;

	@Autowired
	ClerkSync sync;

	/**
	 * Clerk holds three users, the organization Acme, Ada as its admin and Grace as a
	 * member; the application has synced the organization and its memberships (as
	 * {@code --clerk.command=sync} or webhooks would). Users who are not stored yet are
	 * created on their first request.
	 */
	@BeforeEach
	void seedClerk() {
		this.clerk.reset();
		LocalMode.seed(this.clerk);
		this.sync.sync(SyncOptions.all(), (progress) -> {
		});
	}

	@Test
	void meReturnsTheSignedInUserCreatedFromClerkOnFirstRequest() {
		this.clerk.addUser(ClerkData.user("user_barbara").email("barbara@example.com").name("Barbara", "Liskov"));
		assertThat(this.users.findByClerkId("user_barbara")).isEmpty();
		String token = this.clerk.tokens().token("user_barbara");
		get("/api/me", token).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clerkId")
			.isEqualTo("user_barbara")
			.jsonPath("$.email")
			.isEqualTo("barbara@example.com")
			.jsonPath("$.name")
			.isEqualTo("Barbara Liskov");
		assertThat(this.users.findByClerkId("user_barbara")).isPresent();
	}

	@Test
	void aRequestWithoutATokenIsUnauthorized() {
		this.http.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void aTokenSignedByAnotherKeyIsUnauthorized() {
		String forged = this.clerk.tokens().session("user_ada").signedBy(ClerkTestTokens.generate()).sign();
		get("/api/me", forged).expectStatus().isUnauthorized();
	}

	@Test
	void currentOrganizationComesFromTheTokensActiveOrganization() {
		String token = this.clerk.tokens()
			.session("user_ada")
			.organizationV2("org_acme", "acme", "admin", Map.of("members", List.of("read", "manage")))
			.sign();
		get("/api/organizations/current", token).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.slug")
			.isEqualTo("acme")
			.jsonPath("$.role")
			.isEqualTo("org:admin")
			.jsonPath("$.permissions")
			.isEqualTo(List.of("org:members:read", "org:members:manage"));
	}

	@Test
	void currentOrganizationIsNotFoundWithoutAnActiveOrganization() {
		String token = this.clerk.tokens().token("user_alan");
		get("/api/organizations/current", token).expectStatus().isNotFound();
	}

	@Test
	void membersAreListedForAnOrganizationAdmin() {
		String token = this.clerk.tokens().session("user_ada").organization("org_acme", "acme", "org:admin").sign();
		get("/api/organizations/current/members", token).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].email")
			.value((emails) -> assertThat(emails).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder("ada@example.com", "grace@example.com"));
	}

	@Test
	void membersAreRefusedToAPlainMemberOfTheOrganization() {
		String token = this.clerk.tokens().session("user_grace").organization("org_acme", "acme", "org:member").sign();
		get("/api/organizations/current/members", token).expectStatus().isForbidden();
	}

	@Test
	void membersAreRefusedWithoutAnActiveOrganization() {
		String token = this.clerk.tokens().token("user_ada");
		get("/api/organizations/current/members", token).expectStatus().isForbidden();
	}

	private ResponseSpec get(String path, String token) {
		return this.http.get().uri(path).headers(ClerkTestTokens.bearer(token)).exchange();
	}

}
