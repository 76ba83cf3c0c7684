package dev.clerkusers.it.kit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.Resources;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkAuthoritiesMapper;
import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.security.ClerkMachineRequestPostProcessors;
import dev.clerkusers.test.security.WithClerkUser;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.test.web.servlet.MockMvc;

import static dev.clerkusers.test.security.ClerkRequestPostProcessors.clerkUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The test kit's Spring Security support, used as an application's tests would use it.
 * The application has its own authorities mapper, and both the MockMvc post-processor and
 * {@code @WithClerkUser} go through it.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import({ AppSecurityConfiguration.class, SecurityTestSupportTests.CustomAuthorities.class })
class SecurityTestSupportTests {

	@Autowired
	MockMvc mockMvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserAccounts accounts;

	@Autowired
	ClerkUserService users;

	/**
	 * The last post-processor applied sends the request's one token (a default request's
	 * user overridden by a test's, say): two Authorization headers would be refused.
	 */
	@Test
	void theLastPostProcessorAppliedDecidesTheToken() throws Exception {
		this.clerk.addUser(ClerkData.user("user_first").email("first@example.com"));
		this.clerk.addUser(ClerkData.user("user_last").email("last@example.com"));
		this.mockMvc
			.perform(get("/api/me").with(clerkUser("user_first"))
				.with(ClerkMachineRequestPostProcessors.clerkApiKey("user_first"))
				.with(clerkUser("user_last")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value("last@example.com"));
	}

	@Test
	void thePostProcessorSendsARealTokenThroughTheRealFilter() throws Exception {
		this.clerk.addUser(ClerkData.user("user_mvc").email("mvc@example.com"));
		this.mockMvc.perform(get("/api/me").with(clerkUser("user_mvc")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value("mvc@example.com"))
			.andExpect(jsonPath("$.authorities").value(Matchers.hasItem("ROLE_CUSTOMER")));
		this.mockMvc.perform(get("/api/me").with(clerkUser("user_mvc").token((token) -> token.expired())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.reason").value("token-expired"));
	}

	/**
	 * The fake knows only the users a test gives it: a valid token of a user neither
	 * stored nor in the fake is refused as Clerk's answer for a deleted user would be,
	 * and creates nothing (testing.md says so; black-box run 147 expected a user).
	 */
	@Test
	void aTokenOfAUserTheFakeWasNotGivenIsRefusedAsUnknown() throws Exception {
		this.mockMvc.perform(get("/api/me").with(clerkUser("user_never_given")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.reason").value("user-unknown"));
		assertThat(this.users.findByClerkId("user_never_given")).isEmpty();
		this.clerk.addUser(ClerkData.user("user_never_given").email("given@example.com"));
		this.mockMvc.perform(get("/api/me").with(clerkUser("user_never_given")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value("given@example.com"));
	}

	/**
	 * The kit's tokens carry Clerk's session-token category ({@code cat}) in their
	 * header, as Clerk's do, and the application accepts them with it and, as older
	 * tokens had none, without it.
	 */
	@Test
	void aTokenWithClerksSessionCategoryAndOneWithoutAreAccepted() throws Exception {
		this.clerk.addUser(ClerkData.user("user_cat").email("cat@example.com"));
		String token = this.clerk.tokens().token("user_cat");
		assertThat(SignedJWT.parse(token).getHeader().getCustomParam("cat")).isEqualTo("cl_B7d4PD111AAA");
		String older = this.clerk.tokens().session("user_cat").withoutCategory().sign();
		for (String accepted : List.of(token, older)) {
			this.mockMvc.perform(get("/api/me").header("Authorization", "Bearer " + accepted))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.email").value("cat@example.com"));
		}
	}

	@Test
	@WithClerkUser(value = "user_annotated", email = "annotated@example.com", organizationId = "org_9",
			organizationRole = "admin", organizationPermissions = "org:teams:manage")
	void withClerkUserGivesTheAuthenticationARealRequestWouldGet() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		assertThat(authentication).isInstanceOf(ClerkAuthenticationToken.class);
		ClerkAuthenticationToken clerk = (ClerkAuthenticationToken) authentication;
		assertThat(clerk.getPrincipal()).isInstanceOf(ClerkUser.class);
		assertThat(clerk.getUser()).get().extracting(ClerkUser::getEmail).isEqualTo("annotated@example.com");
		assertThat(clerk.getOrganization()).get().satisfies((organization) -> {
			assertThat(organization.id()).isEqualTo("org_9");
			assertThat(organization.role()).isEqualTo("org:admin");
		});
		assertThat(clerk.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("ROLE_USER", "ROLE_CUSTOMER", "org:admin", "org:teams:manage");
		ClerkSessionClaims claims = clerk.getClaims();
		assertThat(claims.version()).as("the kit's default token, version 2").isEqualTo(2);
		assertThat(claims.factorVerificationAge()).isPresent();
		assertThat(claims.sessionStatus()).contains("active");
		assertThat(claims.plan()).isPresent();
		assertThat(claims.tokenId()).isPresent();
	}

	@Test
	@WithClerkUser(value = "user_staff", staff = true)
	void withClerkUserCanMakeStaff() {
		assertThat(SecurityContextHolder.getContext().getAuthentication().getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.contains("ROLE_STAFF");
	}

	/**
	 * The annotation's rights and email are the stored user's for the test, also when an
	 * earlier test (or this one's set-up) gave the user others: they do not leak from
	 * test to test through the users table.
	 */
	@Nested
	class RightsOfAUserStoredBefore {

		@BeforeEach
		void anEarlierTestMadeTheUserASuperuser() {
			ClerkUser user = SecurityTestSupportTests.this.synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_was_super").toJsonNode()))
				.requiredValue();
			SecurityTestSupportTests.this.accounts.setRoles(user.getUid(), true, true);
		}

		@Test
		@WithClerkUser(value = "user_was_super", setupBefore = TestExecutionEvent.TEST_EXECUTION)
		void withoutRightsTheUserHasNone() {
			assertThat(SecurityContextHolder.getContext().getAuthentication().getAuthorities())
				.extracting(GrantedAuthority::getAuthority)
				.doesNotContain("ROLE_STAFF", "ROLE_SUPERUSER");
		}

		@Test
		@WithClerkUser(value = "user_was_super", staff = true, setupBefore = TestExecutionEvent.TEST_EXECUTION)
		void staffIsNotSuperuser() {
			assertThat(SecurityContextHolder.getContext().getAuthentication().getAuthorities())
				.extracting(GrantedAuthority::getAuthority)
				.contains("ROLE_STAFF")
				.doesNotContain("ROLE_SUPERUSER");
		}

		@Test
		@WithClerkUser(value = "user_was_super", email = "now@example.com",
				setupBefore = TestExecutionEvent.TEST_EXECUTION)
		void theAnnotationsEmailReplacesTheOneStoredBefore() {
			ClerkAuthenticationToken authentication = (ClerkAuthenticationToken) SecurityContextHolder.getContext()
				.getAuthentication();
			assertThat(authentication.getUser()).map(ClerkUser::getEmail).contains("now@example.com");
			assertThat(SecurityTestSupportTests.this.users.findByClerkId("user_was_super")).map(ClerkUser::getEmail)
				.contains("now@example.com");
		}

	}

	/**
	 * The annotation's email is the user's for the test also when an earlier test stored
	 * another Clerk user with it (the tests of a shared context run in any order): the
	 * address moves, as Clerk moves an address from one user to another.
	 */
	@Nested
	class AnEmailAnotherStoredUserHas {

		@BeforeEach
		void anEarlierTestStoredAnotherUserWithTheEmail() {
			SecurityTestSupportTests.this.synchronizer
				.upsertFromClerk(
						Resources.user(ClerkData.user("user_first_holder").email("shared@example.com").toJsonNode()))
				.requiredValue();
		}

		@Test
		@WithClerkUser(value = "user_second_holder", email = "shared@example.com",
				setupBefore = TestExecutionEvent.TEST_EXECUTION)
		void theAddressMovesToTheAnnotationsUser() {
			ClerkAuthenticationToken authentication = (ClerkAuthenticationToken) SecurityContextHolder.getContext()
				.getAuthentication();
			assertThat(authentication.getUser()).map(ClerkUser::getEmail).contains("shared@example.com");
			assertThat(SecurityTestSupportTests.this.users.findByEmail("shared@example.com")).map(ClerkUser::getClerkId)
				.contains("user_second_holder");
		}

		/**
		 * A new user whose email a local account has is linked to it, as a Clerk user
		 * arriving with that verified address is.
		 */
		@Test
		void aNewUserWithALocalAccountsEmailIsLinkedToIt() throws Exception {
			ClerkUser local = SecurityTestSupportTests.this.accounts.createUser("linked-holder@example.com", null,
					"a-long-password");
			ClerkAuthenticationToken authentication = (ClerkAuthenticationToken) withClerkUserFactory()
				.createSecurityContext(annotation("linkedUser"))
				.getAuthentication();
			assertThat(authentication.getUser()).map(ClerkUser::getUid).contains(local.getUid());
		}

		/**
		 * Clerk data never takes a local account's address from it for a stored user
		 * (only a new one is linked), so the annotation cannot be honoured: its set-up
		 * fails, naming the account, rather than run the test with a user without the
		 * email.
		 */
		@Test
		void aStoredUserAskingForALocalAccountsEmailFailsTheSetUp() throws Exception {
			SecurityTestSupportTests.this.synchronizer
				.upsertFromClerk(
						Resources.user(ClerkData.user("user_stored_before").email("before@example.com").toJsonNode()))
				.requiredValue();
			ClerkUser local = SecurityTestSupportTests.this.accounts.createUser("local-holder@example.com", null,
					"a-long-password");
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			WithClerkUser annotation = annotation("storedUser");
			assertThatIllegalStateException().isThrownBy(() -> factory.createSecurityContext(annotation))
				.withMessageContaining("local-holder@example.com")
				.withMessageContaining("local account " + local.getUid());
		}

		/**
		 * Black-box run 108: an email that is no address was left out of the user, as
		 * Clerk data with one is, and the set-up blamed "another row" that did not exist.
		 */
		@Test
		void anEmailThatIsNoAddressFailsTheSetUpSayingSo() throws Exception {
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			WithClerkUser annotation = annotation("notAnAddress");
			assertThatIllegalStateException().isThrownBy(() -> factory.createSecurityContext(annotation))
				.withMessageContaining("'not an email'")
				.withMessageContaining("not an email address")
				.withMessageNotContaining("another row");
		}

		/**
		 * Black-box run 173: in a slice, where the annotation's user is not stored, it
		 * took its email as written, one that is no address included, so a slice test
		 * passed with a user the application could never have, where the full
		 * application's failed its set-up.
		 */
		@Test
		@SuppressWarnings("unchecked")
		void inASliceTheEmailIsTakenAsStoringTakesIt() throws Exception {
			try (GenericApplicationContext slice = new GenericApplicationContext()) {
				slice.refresh();
				WithSecurityContextFactory<WithClerkUser> factory = (WithSecurityContextFactory<WithClerkUser>) slice
					.getAutowireCapableBeanFactory()
					.createBean(WithClerkUser.class.getAnnotation(WithSecurityContext.class).factory());
				WithClerkUser notAnAddress = annotation("notAnAddress");
				assertThatIllegalStateException().isThrownBy(() -> factory.createSecurityContext(notAnAddress))
					.withMessageContaining("'not an email'")
					.withMessageContaining("not an email address");
				Authentication mixedCase = factory.createSecurityContext(annotation("domainInCapitals"))
					.getAuthentication();
				assertThat(((ClerkAuthenticationToken) mixedCase).getUser()).get()
					.extracting(ClerkUser::getEmail)
					.isEqualTo("Ada@example.com");
			}
		}

		/**
		 * Black-box run 108: a role, slug or permissions without an organization id were
		 * dropped, and the test ran without the organization it described.
		 */
		@Test
		void anOrganizationsRoleWithoutTheOrganizationFailsTheSetUp() throws Exception {
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			for (String method : new String[] { "roleWithoutOrganization", "permissionsWithoutOrganization",
					"slugWithoutOrganization" }) {
				WithClerkUser annotation = annotation(method);
				assertThatIllegalStateException().as(method)
					.isThrownBy(() -> factory.createSecurityContext(annotation))
					.withMessageContaining("organizationId");
			}
		}

		/**
		 * Black-box run 276, F1: a system permission, which Clerk never writes into a
		 * token, was given to the user's organization, so a check of it passed here and
		 * never against Clerk.
		 */
		@Test
		void aSystemPermissionFailsTheSetUp() throws Exception {
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			WithClerkUser annotation = annotation("systemPermission");
			assertThatIllegalArgumentException().isThrownBy(() -> factory.createSecurityContext(annotation))
				.withMessageContaining("org:sys_memberships:manage is a system permission");
		}

		/**
		 * Black-box run 197, F1: an empty role (or the {@code org:} prefix alone, the key
		 * of no role) put the user in the organization with no role, which Clerk never
		 * does.
		 */
		@Test
		void anOrganizationWithoutARoleFailsTheSetUp() throws Exception {
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			for (String method : new String[] { "emptyRole", "prefixAloneRole" }) {
				WithClerkUser annotation = annotation(method);
				assertThatIllegalStateException().as(method)
					.isThrownBy(() -> factory.createSecurityContext(annotation))
					.withMessageContaining("organizationRole");
			}
		}

		@WithClerkUser(value = "user_empty_role", organizationId = "org_a", organizationRole = "")
		void emptyRole() {
		}

		@WithClerkUser(value = "user_prefix_role", organizationId = "org_a", organizationRole = "org:")
		void prefixAloneRole() {
		}

		/**
		 * Black-box run 164, F1: the annotation signed in a user Clerk had deleted (a
		 * token of the user is refused 401 user-inactive), and gave the deleted row its
		 * staff flag back. The set-up fails, saying why, and the row keeps no right.
		 */
		@Test
		void aUserThatCannotSignInFailsTheSetUpSayingWhy() throws Exception {
			ClerkUser deleted = SecurityTestSupportTests.this.synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_deleted_before").toJsonNode()))
				.requiredValue();
			SecurityTestSupportTests.this.synchronizer.deleteFromClerk("user_deleted_before", Instant.now());
			SecurityTestSupportTests.this.synchronizer
				.upsertFromClerk(Resources.user(ClerkData.user("user_banned_before").banned(true).toJsonNode()));
			WithSecurityContextFactory<WithClerkUser> factory = withClerkUserFactory();
			WithClerkUser deletedStaff = annotation("deletedStaff");
			assertThatIllegalStateException().isThrownBy(() -> factory.createSecurityContext(deletedStaff))
				.withMessageContaining("user_deleted_before")
				.withMessageContaining("deleted in Clerk")
				.withMessageContaining("user-inactive");
			assertThat(SecurityTestSupportTests.this.users.findByUid(deleted.getUid()).orElseThrow().isStaff())
				.as("no right given back to the deleted user")
				.isFalse();
			WithClerkUser banned = annotation("bannedUser");
			assertThatIllegalStateException().isThrownBy(() -> factory.createSecurityContext(banned))
				.withMessageContaining("user_banned_before")
				.withMessageContaining("user-inactive");
		}

		@WithClerkUser(value = "user_deleted_before", staff = true)
		void deletedStaff() {
		}

		@WithClerkUser("user_banned_before")
		void bannedUser() {
		}

		@WithClerkUser(value = "user_not_an_address", email = "not an email")
		void notAnAddress() {
		}

		@WithClerkUser(value = "user_domain_in_capitals", email = "Ada@EXAMPLE.com")
		void domainInCapitals() {
		}

		@WithClerkUser(value = "user_role_only", organizationRole = "admin")
		void roleWithoutOrganization() {
		}

		@WithClerkUser(value = "user_permissions_only", organizationPermissions = "org:teams:manage")
		void permissionsWithoutOrganization() {
		}

		@WithClerkUser(value = "user_slug_only", organizationSlug = "acme")
		void slugWithoutOrganization() {
		}

		@WithClerkUser(value = "user_system_permission", organizationId = "org_acme", organizationRole = "admin",
				organizationPermissions = "org:sys_memberships:manage")
		void systemPermission() {
		}

		@WithClerkUser(value = "user_linked", email = "linked-holder@example.com")
		void linkedUser() {
		}

		@WithClerkUser(value = "user_stored_before", email = "local-holder@example.com")
		void storedUser() {
		}

		private WithClerkUser annotation(String method) throws NoSuchMethodException {
			return getClass().getDeclaredMethod(method).getAnnotation(WithClerkUser.class);
		}

	}

	/**
	 * The factory of {@code @WithClerkUser}, made as Spring Security's test support makes
	 * it for a test.
	 */
	@SuppressWarnings("unchecked")
	private WithSecurityContextFactory<WithClerkUser> withClerkUserFactory() {
		Class<? extends WithSecurityContextFactory<?>> type = WithClerkUser.class
			.getAnnotation(WithSecurityContext.class)
			.factory();
		return (WithSecurityContextFactory<WithClerkUser>) this.context.getAutowireCapableBeanFactory()
			.createBean(type);
	}

	/**
	 * An application's own mapper: the default authorities plus ROLE_CUSTOMER.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class CustomAuthorities {

		@Bean
		ClerkAuthoritiesMapper customerAuthorities() {
			DefaultClerkAuthoritiesMapper defaults = new DefaultClerkAuthoritiesMapper();
			return (user, claims, organization) -> {
				Collection<GrantedAuthority> authorities = new ArrayList<>(
						defaults.authorities(user, claims, organization));
				authorities.addAll(List.of(new SimpleGrantedAuthority("ROLE_CUSTOMER")));
				return authorities;
			};
		}

	}

}
