package dev.clerkusers.it.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.CreateUserRequest;
import dev.clerkusers.api.InvitationResource;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.api.Page;
import dev.clerkusers.api.ProvisionedAccess;
import dev.clerkusers.api.SignInTokenResource;
import dev.clerkusers.api.UpdateUserRequest;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.api.ClerkUserOperations;
import dev.clerkusers.api.UsernameGenerator;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every server-side Clerk operation of the client, over real HTTP against the fake
 * backend.
 */
class ServerSideOperationsTests {

	/**
	 * One fake for the class (its key and server are costly to make); reset after every
	 * test.
	 */
	private static final FakeClerkBackend clerk = FakeClerkBackend.start();

	private final ClerkApiClient api = new ClerkApiClient(
			ClerkApiTransport.builder(clerk.apiUrl(), clerk.secretKey()).build());

	private final ClerkUserOperations operations = new ClerkUserOperations(this.api);

	private final ClerkOrganizationsApi organizations = new ClerkOrganizationsApi(this.api.transport());

	@AfterEach
	void reset() {
		clerk.reset();
	}

	@AfterAll
	static void stop() {
		clerk.close();
	}

	@Test
	void createsAUserWithoutPassword() {
		UserResource user = this.api.createUser(CreateUserRequest.withEmail("new@example.com").withName("New", "User"));
		assertThat(user.id()).startsWith("user_");
		assertThat(user.primaryEmailAddress()).get().satisfies((email) -> assertThat(email.isVerified()).isTrue());
		assertThat(clerk.requests("POST", "/v1/users").get(0).body()).contains("\"skip_password_requirement\":true")
			.doesNotContain("password\"");
	}

	@Test
	void createsAUserWithAPasswordOrAnImportedDigest() {
		this.api.createUser(CreateUserRequest.withEmail("pw@example.com").withPassword("correct horse battery"));
		assertThat(clerk.requests("POST", "/v1/users").get(0).body()).contains("\"password\":\"correct horse battery\"")
			.contains("\"skip_password_checks\":true");
		UserResource imported = this.api.createUser(CreateUserRequest.withEmail("digest@example.com")
			.withPasswordDigest("$2a$10$abcdefghijklmnopqrstuu1234567890123456789012345678901", "bcrypt"));
		assertThat(clerk.passwordDigest(imported.id())).get()
			.satisfies((digest) -> assertThat(digest).containsEntry("hasher", "bcrypt"));
	}

	@Test
	void aTakenEmailIsAnErrorWithClerksCodeNotAFalse() {
		this.api.createUser(CreateUserRequest.withEmail("taken@example.com"));
		assertThatExceptionOfType(ClerkApiException.class)
			.isThrownBy(() -> this.api.createUser(CreateUserRequest.withEmail("TAKEN@example.com")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(422);
				assertThat(ex.hasErrorCode("form_identifier_exists")).isTrue();
				assertThat(ex.getErrors().get(0).meta()).containsEntry("param_name", "email_address");
			});
	}

	@Test
	void generatesAnotherUsernameWhenTheFirstIsTaken() {
		this.api.createUser(CreateUserRequest.withEmail("first@example.com").withUsername("ada_taken"));
		UserResource user = this.operations
			.createUserWithUniqueUsername(CreateUserRequest.withEmail("ada@example.com").withUsername("ada_taken"));
		assertThat(user.username()).startsWith("ada_").isNotEqualTo("ada_taken");
		assertThat(clerk.requests("POST", "/v1/users")).hasSize(3);
		assertThat(UsernameGenerator.fromEmail("Grace.Hopper+x@Example.com")).matches("gracehopperx_[0-9a-f]{6}");
		assertThat(UsernameGenerator.fromEmail("@example.com")).as("an empty local part, as Django's")
			.matches("user_[0-9a-f]{6}");
	}

	@Test
	void findsAUserByEmail() {
		clerk.addUser(ClerkData.user("user_f").email("find@example.com"));
		assertThat(this.api.findUserByEmail("FIND@example.com")).get().extracting(UserResource::id).isEqualTo("user_f");
		assertThat(this.api.findUserByEmail("nobody@example.com")).isEmpty();
	}

	@Test
	void updatesTheProfileWithOnlyTheFieldsGiven() {
		clerk.addUser(ClerkData.user("user_u").email("u@example.com").name("Old", "Name").username("keep"));
		UserResource user = this.api.updateUser("user_u", UpdateUserRequest.names("New", null));
		assertThat(user.firstName()).isEqualTo("New");
		assertThat(user.lastName()).isEqualTo("Name");
		assertThat(user.username()).isEqualTo("keep");
	}

	@Test
	void mergesMetadataOnClerksSideWithTheMergeEndpoint() {
		clerk.addUser(ClerkData.user("user_m")
			.email("m@example.com")
			.publicMetadata(Map.of("plan", "free", "prefs", Map.of("theme", "dark", "lang", "en"), "old", 1)));
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("plan", "pro");
		changes.put("prefs", Map.of("lang", "fr"));
		changes.put("old", null);
		UserResource user = this.api.mergeMetadata("user_m", changes, Map.of("stripe", "cus_1"), null);
		assertThat(user.publicMetadata()).containsEntry("plan", "pro")
			.containsEntry("prefs", Map.of("theme", "dark", "lang", "fr"))
			.doesNotContainKey("old");
		assertThat(user.privateMetadata()).containsEntry("stripe", "cus_1");
		assertThat(clerk.requests("PATCH", "/v1/users/user_m/metadata")).hasSize(1);
		assertThat(clerk.requests("GET", "/v1/users/user_m")).as("no read-modify-write").isEmpty();
	}

	@Test
	void setsAVerifiedPrimaryEmailAndRemovesTheOthers() {
		clerk.addUser(ClerkData.user("user_e").email("old@example.com").email("other@example.com", true, false));
		UserResource user = this.operations.setPrimaryEmail("user_e", "new@example.com", true);
		assertThat(user.primaryEmailAddress()).get().satisfies((email) -> {
			assertThat(email.emailAddress()).isEqualTo("new@example.com");
			assertThat(email.isVerified()).isTrue();
		});
		assertThat(user.emailAddresses()).hasSize(1);
	}

	/**
	 * An address the user already has, unverified or not primary, becomes their verified
	 * primary one: Clerk refuses to create it a second time.
	 */
	@Test
	void setsAnAddressTheUserAlreadyHasAsTheVerifiedPrimaryOne() {
		clerk.addUser(ClerkData.user("user_f").email("old@example.com").email("second@example.com", false, false));
		UserResource user = this.operations.setPrimaryEmail("user_f", "Second@Example.com", true);
		assertThat(user.primaryEmailAddress()).get().satisfies((email) -> {
			assertThat(email.emailAddress()).isEqualTo("second@example.com");
			assertThat(email.isVerified()).isTrue();
		});
		assertThat(user.emailAddresses()).hasSize(1);
		assertThat(clerk.requests("POST", "/v1/email_addresses")).isEmpty();
	}

	@Test
	void createsSignInTokensAndLinks() {
		clerk.addUser(ClerkData.user("user_s").email("s@example.com"));
		SignInTokenResource token = this.api.createSignInToken("user_s", Duration.ofHours(2));
		assertThat(token.token()).isNotBlank();
		assertThat(clerk.requests("POST", "/v1/sign_in_tokens").get(0).body()).contains("\"expires_in_seconds\":7200");
		assertThat(ClerkUserOperations.signInLink("https://app.example.com/sign-in?__clerk_ticket=old&next=/x", "t 1"))
			.startsWith("https://app.example.com/sign-in?")
			.contains("__clerk_ticket=t%201", "next=/x")
			.doesNotContain("old");
	}

	/**
	 * The sign-in page's own query is kept as written, already encoded values and
	 * template-like braces included: only the ticket is added, encoded.
	 */
	@Test
	void aSignInLinkKeepsTheSignInPagesQueryAsWritten() {
		String redirect = "redirect_url=https%3A%2F%2Fapp.example.com%2Fdash%3Ftab%3D1";
		assertThat(ClerkUserOperations.signInLink("https://app.example.com/sign-in?" + redirect + "&x={y}", "t+1/2"))
			.isEqualTo("https://app.example.com/sign-in?" + redirect + "&x={y}&__clerk_ticket=t%2B1%2F2");
	}

	@Test
	void provisionsAUserAndAnAccessLinkInOneCall() {
		ProvisionedAccess created = this.operations.provisionAccessLink(
				CreateUserRequest.withEmail("onboard@example.com"), "https://app.example.com/sign-in",
				Duration.ofDays(1));
		assertThat(created.created()).isTrue();
		assertThat(created.link()).startsWith("https://app.example.com/sign-in?__clerk_ticket=");
		ProvisionedAccess again = this.operations.provisionAccessLink(
				CreateUserRequest.withEmail("onboard@example.com"), "https://app.example.com/sign-in",
				Duration.ofDays(1));
		assertThat(again.created()).isFalse();
		assertThat(again.user().id()).isEqualTo(created.user().id());
	}

	/**
	 * A sign-in link is made only for the Clerk user that owns the address: one user,
	 * with the address verified, as a push links accounts. An address that another user
	 * merely lists gets no link, and no user is created for it.
	 */
	@Test
	void anAddressThatAnotherUserListsUnverifiedGetsNoLink() {
		clerk.addUser(
				ClerkData.user("user_claims").email("claims@example.com").email("victim@corp.example", false, false));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.operations.provisionAccessLink(CreateUserRequest.withEmail("victim@corp.example"),
					"https://app.example.com/sign-in", Duration.ofDays(1)))
			.withMessageContaining("victim@corp.example")
			.withMessageContaining("user_claims");
		assertThat(clerk.requests("POST", "/v1/sign_in_tokens")).isEmpty();
		assertThat(clerk.requests("POST", "/v1/users")).isEmpty();
	}

	/**
	 * Black-box run 312 F2: a link asked for with a lifetime under a second was refused
	 * only once the user had been created in Clerk. Nothing is asked of Clerk then.
	 */
	@Test
	void aLinkThatCannotBeMadeCreatesNoUser() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.operations.provisionAccessLink(CreateUserRequest.withEmail("early@example.com"),
					"https://app.example.com/sign-in", Duration.ZERO))
			.withMessageContaining("expiresIn");
		assertThat(clerk.requests()).isEmpty();
	}

	@Test
	void revokesEveryActiveSessionThroughAllPages() {
		clerk.addUser(ClerkData.user("user_r").email("r@example.com"));
		for (int i = 0; i < 250; i++) {
			clerk.addSession(ClerkData.session("sess_r" + i, "user_r"));
		}
		clerk.addSession(ClerkData.session("sess_other", "user_other"));
		clerk.addSession(ClerkData.session("sess_ended", "user_r").status("ended"));
		assertThat(this.operations.revokeAllSessions("user_r")).isEqualTo(250);
		assertThat(clerk.collection(FakeClerkBackend.SESSIONS).values())
			.filteredOn((session) -> "revoked".equals(((Map<?, ?>) session).get("status")))
			.hasSize(250);
		assertThat(((Map<?, ?>) clerk.collection(FakeClerkBackend.SESSIONS).get("sess_other")).get("status"))
			.isEqualTo("active");
		assertThat(clerk.requests("GET", "/v1/sessions")).hasSize(3);
	}

	@Test
	void sendsAndRevokesInvitations() {
		InvitationResource invitation = this.api.createInvitation("invitee@example.com", "https://app.example.com/join",
				Map.of("team", "blue"));
		assertThat(invitation.status()).isEqualTo("pending");
		assertThat(invitation.publicMetadata()).containsEntry("team", "blue");
		assertThat(this.api.revokeInvitation(invitation.id()).status()).isEqualTo("revoked");
		assertThatExceptionOfType(ClerkApiException.class).isThrownBy(() -> this.api.revokeInvitation("inv_missing"))
			.satisfies((ex) -> assertThat(ex.isNotFound()).isTrue());
	}

	@Test
	void createsATestingToken() {
		assertThat(this.api.createTestingToken().token()).isNotBlank();
	}

	@Test
	void listsOrganizationsMembershipsAndInvitations() {
		ClerkOrganizationBuilder acme = clerk.addOrganization(ClerkData.organization("org_a").name("Acme", "acme"));
		clerk.addOrganization(ClerkData.organization("org_b").name("Beta", "beta"));
		clerk.addMembership(ClerkData.membership("orgmem_1", acme, "user_1").role("org:admin"));
		clerk.addInvitation(ClerkData.invitation("orginv_1", "org_a", "i@example.com"));
		assertThat(this.organizations.listOrganizations(1, 0).data()).hasSize(1);
		assertThat(this.organizations.listOrganizations(10, 0).totalCount()).isEqualTo(2);
		assertThat(this.organizations.getOrganization("acme").id()).isEqualTo("org_a");
		Page<OrganizationMembershipResource> memberships = this.organizations.listOrganizationMemberships("org_a", 10,
				0);
		assertThat(memberships.data()).singleElement().satisfies((membership) -> {
			assertThat(membership.role()).isEqualTo("org:admin");
			assertThat(membership.publicUserData().userId()).isEqualTo("user_1");
		});
		assertThat(clerk.requests("GET", "/v1/organizations/org_a/memberships")).singleElement()
			.satisfies((request) -> assertThat(request.queryParam("order_by")).as("oldest first: pages stay put")
				.isEqualTo("+created_at"));
		assertThat(this.organizations.listAllOrganizationMemberships(10, 0).data()).hasSize(1);
		assertThat(this.organizations.listOrganizationInvitations("org_a", "pending", 10, 0).data()).hasSize(1);
		assertThat(this.organizations.listOrganizationInvitations("org_a", "accepted", 10, 0).data()).isEmpty();
	}

	static List<String> ids(List<UserResource> users) {
		return users.stream().map(UserResource::id).toList();
	}

}
