package dev.clerkusers.organizations.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.ACME_MEMBER;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION_IN_ACME;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link ClerkOrganizationAuthorization}, both as the
 * {@code @clerkOrganizations} bean and as authorization managers: each grants on the
 * active organization only, and refuses when there is none.
 */
class ClerkOrganizationAuthorizationTests {

	private final ClerkOrganizationAuthorization organizations = new ClerkOrganizationAuthorization();

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void withoutAnActiveOrganizationEveryRuleRefuses() {
		authenticate(token(SESSION, null));
		assertThat(this.organizations.inOrganization()).isFalse();
		assertThat(this.organizations.hasRole("admin")).isFalse();
		assertThat(this.organizations.hasAnyRole("admin", "member")).isFalse();
		assertThat(this.organizations.hasPermission("billing:manage")).isFalse();
		assertThat(this.organizations.inOrganization("org_acme")).isFalse();
	}

	@Test
	void anAuthenticationThatIsNotClerksIsRefused() {
		authenticate(new TestingAuthenticationToken("staff", "secret", "org:admin"));
		assertThat(this.organizations.hasRole("admin")).isFalse();
		assertThat(this.organizations.inOrganization()).isFalse();
	}

	@Test
	void theRulesReadTheActiveOrganization() {
		authenticate(token(SESSION_IN_ACME, SESSION_IN_ACME.organization().orElseThrow()));
		assertThat(this.organizations.inOrganization()).isTrue();
		assertThat(this.organizations.inOrganization("org_acme")).isTrue();
		assertThat(this.organizations.inOrganization("acme")).isTrue();
		assertThat(this.organizations.inOrganization("org_other")).isFalse();
		assertThat(this.organizations.hasRole("admin")).isTrue();
		assertThat(this.organizations.hasRole("member")).isFalse();
		assertThat(this.organizations.hasAnyRole("member", "admin")).isTrue();
		assertThat(this.organizations.hasAnyRole("member", "owner")).isFalse();
		assertThat(this.organizations.hasPermission("org:billing:manage")).isTrue();
		assertThat(this.organizations.hasPermission("org:billing:read")).isFalse();
	}

	@Test
	void authorizationManagersGrantOnTheActiveOrganization() {
		Authentication member = token(SESSION, ACME_MEMBER);
		Authentication withoutOrganization = token(SESSION, null);
		assertThat(decide(ClerkOrganizationAuthorization.hasOrganizationRole("member"), member)).isTrue();
		assertThat(decide(ClerkOrganizationAuthorization.hasOrganizationRole("admin"), member)).isFalse();
		assertThat(decide(ClerkOrganizationAuthorization.hasOrganizationPermission("projects:read"), member)).isTrue();
		assertThat(decide(ClerkOrganizationAuthorization.hasOrganizationPermission("projects:write"), member))
			.isFalse();
		assertThat(decide(ClerkOrganizationAuthorization.inActiveOrganization(), member)).isTrue();
		assertThat(decide(ClerkOrganizationAuthorization.inActiveOrganization(), withoutOrganization)).isFalse();
		assertThat(decide(ClerkOrganizationAuthorization.inActiveOrganization(), null)).isFalse();
	}

	private static boolean decide(AuthorizationManager<Object> manager, Authentication authentication) {
		AuthorizationResult result = manager.authorize(() -> authentication, new Object());
		return result != null && result.isGranted();
	}

	private static void authenticate(Authentication authentication) {
		SecurityContextHolder.getContext().setAuthentication(authentication);
	}

}
