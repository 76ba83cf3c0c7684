package dev.clerkusers.it.reactive;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organizations module in a WebFlux application: organizations and memberships stored
 * by signed webhooks into a real PostgreSQL, then requests over real HTTP with real
 * signed tokens whose active organization comes from the token or from the
 * {@code X-Organization-Id} header, read by controller arguments, reactive
 * {@code @PreAuthorize} with {@code @clerkOrganizations} and {@code authorizeExchange}
 * rules, with BlockHound failing any blocking call on a non-blocking thread (the
 * organization and membership lookups read the database).
 * <p>
 * Every test uses organizations and users of its own, since the database and the caches
 * outlive a test.
 */
@ReactiveIntegrationTest
@ClerkTestDatabase
@Import(ReactiveOrganizationConfiguration.class)
class ReactiveOrganizationTests {

	@LocalServerPort
	int port;

	@Autowired
	FakeClerkBackend clerk;

	WebTestClient client;

	ClerkWebhookClient webhooks;

	@BeforeEach
	void setUp() {
		this.client = ReactiveTestClient.to(this.port);
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Test
	void theTokensOrganizationGivesTheControllerItsContextAndItsStoredOrganization() {
		storeOrganizationWithMember("org_rx_token", "user_rx_token", "org:admin");
		String token = this.clerk.tokens()
			.session("user_rx_token")
			.organization("org_rx_token", "rx-token", "admin", "org:billing:manage")
			.sign();
		get("/api/organizations/current", token, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.isEqualTo("org_rx_token")
			.jsonPath("$.role")
			.isEqualTo("org:admin")
			.jsonPath("$.source")
			.isEqualTo("TOKEN")
			.jsonPath("$.permissions[0]")
			.isEqualTo("org:billing:manage")
			.jsonPath("$.name")
			.isEqualTo("Name of org_rx_token")
			.jsonPath("$.membersCount")
			.isEqualTo(1);
	}

	@Test
	void theHeaderSelectsAnOrganizationOnlyAmongTheUsersLocalMemberships() {
		storeOrganizationWithMember("org_rx_member", "user_rx_header", "org:admin");
		store(organization("org_rx_else"));
		String plain = this.clerk.tokens().token("user_rx_header");
		get("/api/organizations/current", plain, "org_rx_member").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.isEqualTo("org_rx_member")
			.jsonPath("$.source")
			.isEqualTo("HEADER")
			.jsonPath("$.role")
			.isEqualTo("org:admin")
			.jsonPath("$.name")
			.isEqualTo("Name of org_rx_member");
		get("/api/organizations/current", plain, "org_rx_else").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.doesNotExist()
			.jsonPath("$.name")
			.doesNotExist();
		// A header naming an organization the user is not a member of grants nothing.
		get("/api/teams", plain, "org_rx_else").expectStatus().isForbidden();
		get("/api/teams", plain, "org_rx_member").expectStatus().isOk();
		String tokenOrganization = this.clerk.tokens()
			.session("user_rx_header")
			.organization("org_rx_else", "rx-else", "member")
			.sign();
		get("/api/organizations/current", tokenOrganization, "org_rx_member").expectBody()
			.jsonPath("$.organizationId")
			.isEqualTo("org_rx_else")
			.jsonPath("$.source")
			.isEqualTo("TOKEN");
	}

	/**
	 * Black-box run 354 F1: a {@code Mono<ClerkOrganizationContext>} parameter was left
	 * to Spring's data binding, which built the context from the query string: any user
	 * could name any organization and role. It is the library's, and refused (500, a
	 * message in the log naming the type to declare), as {@code Mono<Organization>} is.
	 */
	@Test
	void aWrappedContextParameterIsNeverBoundFromTheRequest() {
		this.clerk.addUser(ClerkData.user("user_rx_forger").email("rx-forger@example.com"));
		String token = this.clerk.tokens().token("user_rx_forger");
		get("/api/organizations/wrapped?organizationId=org_forged&role=org:admin&permissions=org:x:y&source=TOKEN",
				token, null)
			.expectStatus()
			.is5xxServerError()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("org_forged"));
	}

	@Test
	void aRequiredCurrentOrganizationIsRefusedWithout() {
		storeOrganizationWithMember("org_rx_required", "user_rx_required", "org:member");
		String inStored = this.clerk.tokens()
			.session("user_rx_required")
			.organization("org_rx_required", "rx-required", "member")
			.sign();
		String inUnknown = this.clerk.tokens()
			.session("user_rx_required")
			.organization("org_rx_unknown", "rx-unknown", "member")
			.sign();
		String withoutOrganization = this.clerk.tokens().token("user_rx_required");
		get("/api/organizations/required", inStored, null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("Name of org_rx_required");
		get("/api/organizations/required", withoutOrganization, null).expectStatus().isForbidden();
		get("/api/organizations/required", inUnknown, null).expectStatus().isForbidden();
		// Optional: the same requests answer, without an organization.
		get("/api/organizations/current", inUnknown, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.isEqualTo("org_rx_unknown")
			.jsonPath("$.name")
			.doesNotExist();
		get("/api/organizations/current", withoutOrganization, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.organizationId")
			.doesNotExist();
	}

	@Test
	void preAuthorizeWithTheRoleHelperGrantsTheActiveOrganizationsAdminsOnly() {
		this.clerk.addUser(ClerkData.user("user_rx_roles").email("rx-roles@example.com"));
		String admin = this.clerk.tokens()
			.session("user_rx_roles")
			.organization("org_rx_roles", "rx-roles", "admin")
			.sign();
		String member = this.clerk.tokens()
			.session("user_rx_roles")
			.organization("org_rx_roles", "rx-roles", "member")
			.sign();
		String withoutOrganization = this.clerk.tokens().token("user_rx_roles");
		exchange(HttpMethod.DELETE, "/api/projects/7", admin, null).expectStatus().isNoContent();
		exchange(HttpMethod.DELETE, "/api/projects/7", member, null).expectStatus().isForbidden();
		exchange(HttpMethod.DELETE, "/api/projects/7", withoutOrganization, null).expectStatus().isForbidden();
		get("/api/organizations/settings", admin, null).expectStatus().isOk();
		get("/api/organizations/settings", member, null).expectStatus().isForbidden();
		this.client.get().uri("/api/organizations/settings").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void preAuthorizeWithTheRoleHelperReadsAMembershipSelectedByTheHeader() {
		storeOrganizationWithMember("org_rx_header_admin", "user_rx_header_admin", "org:admin");
		storeOrganizationWithMember("org_rx_header_member", "user_rx_header_admin", "org:member");
		String plain = this.clerk.tokens().token("user_rx_header_admin");
		exchange(HttpMethod.DELETE, "/api/projects/7", plain, "org_rx_header_admin").expectStatus().isNoContent();
		exchange(HttpMethod.DELETE, "/api/projects/7", plain, "org_rx_header_member").expectStatus().isForbidden();
		exchange(HttpMethod.DELETE, "/api/projects/7", plain, "org_rx_not_mine").expectStatus().isForbidden();
	}

	@Test
	void preAuthorizeWithThePermissionHelperGrantsOnlyThePermission() {
		this.clerk.addUser(ClerkData.user("user_rx_perm").email("rx-perm@example.com"));
		String manager = this.clerk.tokens()
			.session("user_rx_perm")
			.organization("org_rx_perm", "rx-perm", "member", "org:billing:manage")
			.sign();
		String reader = this.clerk.tokens()
			.session("user_rx_perm")
			.organization("org_rx_perm", "rx-perm", "member", "org:billing:read")
			.sign();
		get("/api/organizations/billing", manager, null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("billing");
		get("/api/organizations/billing", reader, null).expectStatus().isForbidden();
	}

	@Test
	void authorizeExchangeRulesCheckTheActiveOrganization() {
		this.clerk.addUser(ClerkData.user("user_rx_rules").email("rx-rules@example.com"));
		String admin = this.clerk.tokens()
			.session("user_rx_rules")
			.organization("org_rx_rules", "rx-rules", "admin", "org:billing:manage")
			.sign();
		String reader = this.clerk.tokens()
			.session("user_rx_rules")
			.organization("org_rx_rules", "rx-rules", "member", "org:billing:read")
			.sign();
		String withoutOrganization = this.clerk.tokens().token("user_rx_rules");
		get("/api/billing/invoices", admin, null).expectStatus().isOk();
		get("/api/billing/invoices", reader, null).expectStatus().isForbidden();
		get("/api/admin/audit", admin, null).expectStatus().isOk();
		get("/api/admin/audit", reader, null).expectStatus().isForbidden();
		get("/api/teams", reader, null).expectStatus().isOk();
		get("/api/teams", withoutOrganization, null).expectStatus().isForbidden();
		this.client.get().uri("/api/teams").exchange().expectStatus().isUnauthorized();
	}

	private ResponseSpec get(String path, String token, @Nullable String organizationHeader) {
		return exchange(HttpMethod.GET, path, token, organizationHeader);
	}

	private ResponseSpec exchange(HttpMethod method, String path, String token, @Nullable String organizationHeader) {
		return this.client.method(method).uri(path).headers(ClerkTestTokens.bearer(token)).headers((headers) -> {
			if (organizationHeader != null) {
				headers.set("X-Organization-Id", organizationHeader);
			}
		}).exchange();
	}

	/**
	 * Stores an organization (named after its id), a user in the fake Clerk, and the
	 * user's membership with a role, by signed webhooks.
	 */
	private void storeOrganizationWithMember(String organizationId, String userId, String role) {
		ClerkOrganizationBuilder organization = organization(organizationId);
		store(organization);
		this.clerk.addUser(ClerkData.user(userId).email(userId.replace('_', '-') + "@example.com"));
		deliver(ClerkEvents.membershipCreated(
				ClerkData.membership("orgmem_" + organizationId + "_" + userId, organization, userId).role(role)));
	}

	private void store(ClerkOrganizationBuilder organization) {
		deliver(ClerkEvents.organizationCreated(organization));
	}

	private static ClerkOrganizationBuilder organization(String organizationId) {
		return ClerkData.organization(organizationId)
			.name("Name of " + organizationId, organizationId.replace("org_", "").replace('_', '-'));
	}

	private void deliver(ClerkEvent event) {
		assertThat(this.webhooks.deliver(event).status()).as(event.type()).isEqualTo(200);
	}

}
