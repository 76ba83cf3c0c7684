package dev.clerkusers.test.backend;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake lists organizations, memberships and invitations in the orders Clerk's
 * listings accept: one field, with an optional {@code +} or {@code -}, newest first when
 * none is asked for.
 */
class FakeClerkBackendOrganizationListingTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final HttpClient http = HttpClient.newHttpClient();

	private FakeClerkBackend clerk;

	@BeforeEach
	void start() {
		this.clerk = FakeClerkBackend.start();
		ClerkOrganizationBuilder beta = this.clerk
			.addOrganization(ClerkData.organization("org_b").name("Beta", "beta").createdAt(T0.plusSeconds(1)));
		ClerkOrganizationBuilder alpha = this.clerk
			.addOrganization(ClerkData.organization("org_a").name("Alpha", "alpha").createdAt(T0.plusSeconds(3)));
		this.clerk.addOrganization(ClerkData.organization("org_c").name("Gamma", "gamma").createdAt(T0.plusSeconds(2)));
		this.clerk.addMembership(ClerkData.membership("orgmem_1", beta, "user_1")
			.role("org:admin")
			.member("Zoe", "Young", "zoe@example.com")
			.createdAt(T0.plusSeconds(10)));
		this.clerk.addMembership(ClerkData.membership("orgmem_2", beta, "user_2")
			.member("Abe", "Xu", "abe@example.com")
			.createdAt(T0.plusSeconds(11)));
		this.clerk
			.addMembership(ClerkData.membership("orgmem_3", alpha, "user_1").member("Zoe", "Young", "zoe@example.com"));
	}

	@AfterEach
	void stop() {
		this.clerk.close();
	}

	@Test
	void organizationsAreListedNewestFirstUnlessAnotherOrderIsAsked() {
		assertThat(ids("/organizations", null)).containsExactly("org_a", "org_c", "org_b");
		assertThat(ids("/organizations", "created_at")).containsExactly("org_b", "org_c", "org_a");
		assertThat(ids("/organizations", "name")).containsExactly("org_a", "org_b", "org_c");
		assertThat(ids("/organizations", "-name")).containsExactly("org_c", "org_b", "org_a");
		assertThat(ids("/organizations", "-members_count")).startsWith("org_b");
	}

	@Test
	void membershipsAreSortedByTheirMembersToo() {
		assertThat(ids("/organizations/org_b/memberships", null)).containsExactly("orgmem_2", "orgmem_1");
		assertThat(ids("/organizations/org_b/memberships", "first_name")).containsExactly("orgmem_2", "orgmem_1");
		assertThat(ids("/organizations/org_b/memberships", "-email_address")).containsExactly("orgmem_1", "orgmem_2");
	}

	@Test
	void anOrganizationsMembershipsAreFilteredByRole() {
		assertThat(ids("/organizations/org_b/memberships?role[]=org%3Aadmin", null)).containsExactly("orgmem_1");
		assertThat(ids("/organizations/org_b/memberships?role=org%3Aadmin&role=org%3Amember", null))
			.containsExactly("orgmem_2", "orgmem_1");
	}

	@Test
	void aFieldTheListingDoesNotSortByIsRefused422() throws Exception {
		assertThat(get("/organizations", "slug").statusCode()).isEqualTo(422);
		HttpResponse<String> unencodedPlus = get("/organization_memberships", " created_at");
		assertThat(unencodedPlus.statusCode()).isEqualTo(422);
		assertThat(unencodedPlus.body()).contains("form_param_value_invalid");
	}

	/**
	 * Black-box run 185 F2: a user removed from the fake kept its memberships, where
	 * deleting a user in Clerk deletes them, so a reconcile found nothing gone.
	 */
	@Test
	void aRemovedUsersMembershipsAndSessionsGoWithIt() {
		this.clerk.addSession(ClerkData.session("sess_1", "user_1"));
		this.clerk.addSession(ClerkData.session("sess_2", "user_2"));
		this.clerk.removeUser("user_1");
		assertThat(ids("/organization_memberships", null)).containsExactly("orgmem_2");
		assertThat(ids("/organizations/org_b/memberships", null)).containsExactly("orgmem_2");
		assertThat(this.clerk.collection(FakeClerkBackend.SESSIONS)).containsOnlyKeys("sess_2");
	}

	/**
	 * Black-box run 185: the memberships of an organization Clerk does not have were an
	 * empty page, where Clerk answers 404, as for the organization itself.
	 */
	@Test
	void theMembershipsOfAnOrganizationClerkDoesNotHaveAreNotFound() throws Exception {
		HttpResponse<String> response = get("/organizations/org_nobody/memberships", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("resource_not_found");
		assertThat(ids("/organizations/beta/memberships", null)).as("by slug, as Clerk takes it")
			.containsExactlyInAnyOrder("orgmem_1", "orgmem_2");
	}

	/**
	 * Review 301 F5: an organization's invitations are found by its id or slug, and those
	 * of an organization Clerk does not have are not found, as its memberships are.
	 */
	@Test
	void theInvitationsOfAnOrganizationClerkDoesNotHaveAreNotFound() throws Exception {
		this.clerk.addInvitation(ClerkData.invitation("orginv_1", "org_b", "new@example.com"));
		HttpResponse<String> response = get("/organizations/org_nobody/invitations", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("resource_not_found");
		assertThat(ids("/organizations/beta/invitations", null)).as("by slug").containsExactly("orginv_1");
		assertThat(ids("/organizations/org_b/invitations", null)).as("by id").containsExactly("orginv_1");
	}

	/**
	 * Review 301 F2: an organization's {@code members_count} is written only when
	 * {@code include_members_count=true} asks for it, as Clerk writes it; sorting by it
	 * needs no asking.
	 */
	@Test
	void theMembersCountIsWrittenOnlyWhenAskedFor() throws Exception {
		JsonNode sorted = JsonMapper.builder().build().readTree(get("/organizations", "-members_count").body());
		assertThat(sorted.path("data").valueStream().map((organization) -> organization.path("id").asString()))
			.startsWith("org_b");
		assertThat(sorted.path("data").valueStream().filter((organization) -> organization.has("members_count")))
			.isEmpty();
		JsonNode asked = JsonMapper.builder()
			.build()
			.readTree(get("/organizations?include_members_count=true", null).body());
		assertThat(asked.path("data").valueStream().map((organization) -> organization.path("members_count").asInt()))
			.containsExactly(1, 0, 2);
		HttpResponse<String> one = get("/organizations/org_b?include_members_count=true", null);
		assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
		assertThat(JsonMapper.builder().build().readTree(one.body()).path("members_count").asInt()).as("review 302 F1")
			.isEqualTo(2);
		assertThat(get("/organizations/org_b", null).body()).doesNotContain("members_count");
	}

	/**
	 * Review 302 F2: a filter Clerk takes several values of ({@code status[]} of an
	 * organization's invitations) was cut to its first value.
	 */
	@Test
	void aFilterOfSeveralValuesKeepsEachOfThem() {
		this.clerk.addInvitation(ClerkData.invitation("orginv_1", "org_b", "one@example.com"));
		this.clerk.addInvitation(ClerkData.invitation("orginv_2", "org_b", "two@example.com").status("accepted"));
		this.clerk.addInvitation(ClerkData.invitation("orginv_3", "org_b", "three@example.com").status("revoked"));
		assertThat(ids("/organizations/org_b/invitations?status=pending&status=accepted", null))
			.containsExactlyInAnyOrder("orginv_1", "orginv_2");
		assertThat(ids("/organizations/org_b/invitations?status%5B%5D=revoked", null)).containsExactly("orginv_3");
	}

	private List<String> ids(String path, @Nullable String orderBy) {
		try {
			HttpResponse<String> response = get(path, orderBy);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode page = JsonMapper.builder().build().readTree(response.body());
			return page.path("data").valueStream().map((object) -> object.path("id").asString()).toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> get(String path, @Nullable String orderBy) throws Exception {
		String query = (orderBy != null) ? "?order_by=" + URLEncoder.encode(orderBy, StandardCharsets.UTF_8) : "";
		return this.http.send(HttpRequest.newBuilder(URI.create(this.clerk.apiUrl() + path + query))
			.header("Authorization", "Bearer " + this.clerk.secretKey())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
