package dev.clerkusers.token;

import java.util.List;

import dev.clerkusers.security.DefaultClerkAuthoritiesMapper;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles and permissions are compared as {@code @clerk/backend}'s {@code has()} compares
 * them: exactly, once both sides carry the {@code org:} prefix. So a role check answers
 * as {@code hasAuthority} on the same key does.
 */
class ClerkOrganizationClaimsTests {

	@Test
	void aRoleIsTheSameWithOrWithoutItsPrefix() {
		ClerkOrganizationClaims claims = claims("admin", List.of());
		assertThat(claims.role()).isEqualTo("org:admin");
		assertThat(claims.hasRole("admin")).isTrue();
		assertThat(claims.hasRole("org:admin")).isTrue();
		assertThat(claims.hasRole("member")).isFalse();
	}

	@Test
	void aRoleOfAnotherCaseIsAnotherRole() {
		ClerkOrganizationClaims claims = claims("org:ADMIN", List.of());
		assertThat(claims.hasRole("admin")).isFalse();
		assertThat(claims.hasRole("org:admin")).isFalse();
		assertThat(claims.hasRole("ADMIN")).isTrue();
		assertThat(claims("org:admin", List.of()).hasRole("Admin")).isFalse();
	}

	@Test
	void aRoleWithSpacesIsNotTrimmedIntoAnother() {
		ClerkOrganizationClaims claims = claims(" admin ", List.of());
		assertThat(claims.role()).isEqualTo("org: admin ");
		assertThat(claims.hasRole("admin")).isFalse();
		assertThat(claims("org:admin", List.of()).hasRole(" admin")).isFalse();
	}

	@Test
	void aPrefixOfAnotherCaseIsPartOfTheKey() {
		ClerkOrganizationClaims claims = claims("ORG:admin", List.of());
		assertThat(claims.role()).isEqualTo("org:ORG:admin");
		assertThat(claims.hasRole("admin")).isFalse();
	}

	@Test
	void aRepeatedPrefixCountsOnceAsClerkReadsIt() {
		assertThat(claims("org:org:admin", List.of()).hasRole("admin")).isTrue();
		assertThat(claims("org:admin", List.of()).hasRole("org:org:admin")).isTrue();
		assertThat(claims("member", List.of("org:teams:manage")).hasPermission("org:org:teams:manage")).isTrue();
	}

	@Test
	void aBlankRoleIsNoRole() {
		ClerkOrganizationClaims claims = claims(" ", List.of());
		assertThat(claims.role()).isNull();
		assertThat(claims.hasRole(" ")).isFalse();
		assertThat(claims.hasRole("")).isFalse();
	}

	/**
	 * Black-box run 155: a role of the prefix alone ({@code org:}, a key of nothing) was
	 * a role that {@code hasRole('org:')} and {@code hasRole('')}-like mistakes matched.
	 */
	@Test
	void aRoleOfThePrefixAloneIsNoRole() {
		ClerkOrganizationClaims claims = claims("org:", List.of());
		assertThat(claims.role()).isNull();
		assertThat(claims.hasRole("org:")).isFalse();
		assertThat(claims.hasRole("org: ")).isFalse();
		assertThat(claims("org:org:", List.of()).role()).isNull();
		assertThat(claims("admin", List.of()).hasRole("org:")).isFalse();
	}

	@Test
	void aPermissionIsComparedExactly() {
		ClerkOrganizationClaims claims = claims("member", List.of("org:teams:manage"));
		assertThat(claims.hasPermission("teams:manage")).isTrue();
		assertThat(claims.hasPermission("org:teams:manage")).isTrue();
		assertThat(claims.hasPermission("org:Teams:manage")).isFalse();
		assertThat(claims.hasPermission("teams:read")).isFalse();
	}

	/**
	 * Review run 291: a permission was granted in an organization where the user has no
	 * role, where Clerk's {@code has()} ({@code checkOrgAuthorization}) answers no
	 * without a role: neither the check nor the authority grants it.
	 */
	@Test
	void aPermissionNeedsARoleAsClerksHasDoes() {
		ClerkOrganizationClaims withoutRole = new ClerkOrganizationClaims("org_1", "acme", null,
				List.of("org:teams:manage"));
		assertThat(withoutRole.hasPermission("org:teams:manage")).isFalse();
		assertThat(new ClerkOrganizationClaims("org_1", "acme", "org:", List.of("org:teams:manage"))
			.hasPermission("teams:manage")).isFalse();
		assertThat(new DefaultClerkAuthoritiesMapper().authorities(null, null, withoutRole))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly(DefaultClerkAuthoritiesMapper.USER);
		assertThat(new DefaultClerkAuthoritiesMapper().authorities(null, null,
				claims("member", List.of("org:teams:manage"))))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly(DefaultClerkAuthoritiesMapper.USER, "org:member", "org:teams:manage");
	}

	/**
	 * Review run 297: no token or stored membership holds a blank permission any more,
	 * but an application's own memberships might: it grants nothing, rather than failing
	 * every request (Spring refuses a blank authority).
	 */
	@Test
	void aBlankPermissionOfAnApplicationsMembershipsGrantsNothing() {
		assertThat(new DefaultClerkAuthoritiesMapper().authorities(null, null,
				claims("member", List.of("org:teams:manage", "", " "))))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly(DefaultClerkAuthoritiesMapper.USER, "org:member", "org:teams:manage");
	}

	private static ClerkOrganizationClaims claims(String role, List<String> permissions) {
		return new ClerkOrganizationClaims("org_1", "acme", role, permissions);
	}

}
