package dev.clerkusers.organizations.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a request's active organization comes from, and how roles and permissions are
 * read from it. Its fixtures serve the other tests of the organization context.
 */
public class ClerkOrganizationContextTests {

	public static final ClerkSessionClaims SESSION = ClerkSessionClaims
		.fromClaims(Map.of("sub", "user_ada", "sid", "sess_1", "exp", Instant.now().plusSeconds(60).getEpochSecond()));

	public static final ClerkSessionClaims SESSION_IN_ACME = ClerkSessionClaims.fromClaims(Map.of("sub", "user_ada",
			"sid", "sess_1", "exp", Instant.now().plusSeconds(60).getEpochSecond(), "org_id", "org_acme", "org_slug",
			"acme", "org_role", "org:admin", "org_permissions", List.of("org:billing:manage")));

	public static final ClerkOrganizationClaims ACME_MEMBER = new ClerkOrganizationClaims("org_acme", "acme",
			"org:member", List.of("org:projects:read"));

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aRequestWithoutAuthenticationHasNoOrganization() {
		assertThat(ClerkOrganizationContext.of(null)).isEmpty();
	}

	@Test
	void anAuthenticationThatIsNotClerksHasNoOrganization() {
		assertThat(ClerkOrganizationContext.of(new TestingAuthenticationToken("staff", "secret", "ROLE_ADMIN")))
			.isEmpty();
	}

	@Test
	void aClerkRequestWithoutAnActiveOrganizationHasNone() {
		assertThat(ClerkOrganizationContext.of(token(SESSION, null))).isEmpty();
	}

	@Test
	void theTokensOrganizationComesFromTheToken() {
		ClerkOrganizationClaims organization = SESSION_IN_ACME.organization().orElseThrow();
		ClerkOrganizationContext context = ClerkOrganizationContext.of(token(SESSION_IN_ACME, organization))
			.orElseThrow();
		assertThat(context.source()).isEqualTo(ClerkOrganizationContext.Source.TOKEN);
		assertThat(context.organizationId()).isEqualTo("org_acme");
		assertThat(context.slug()).isEqualTo("acme");
		assertThat(context.role()).isEqualTo("org:admin");
	}

	@Test
	void anOrganizationSelectedForATokenWithoutOneComesFromTheHeader() {
		ClerkOrganizationContext context = ClerkOrganizationContext.of(token(SESSION, ACME_MEMBER)).orElseThrow();
		assertThat(context.source()).isEqualTo(ClerkOrganizationContext.Source.HEADER);
		assertThat(context.role()).isEqualTo("org:member");
	}

	@Test
	void rolesAndPermissionsMatchWithOrWithoutThePrefix() {
		ClerkOrganizationContext context = ClerkOrganizationContext
			.of(token(SESSION_IN_ACME, SESSION_IN_ACME.organization().orElseThrow()))
			.orElseThrow();
		assertThat(context.hasRole("admin")).isTrue();
		assertThat(context.hasRole("org:admin")).isTrue();
		assertThat(context.hasRole("member")).isFalse();
		assertThat(context.hasPermission("billing:manage")).isTrue();
		assertThat(context.hasPermission("org:billing:manage")).isTrue();
		assertThat(context.hasPermission("org:projects:delete")).isFalse();
	}

	@Test
	void anyRoleMatchesWhenOneIsTheUsersRole() {
		ClerkOrganizationContext context = ClerkOrganizationContext.of(token(SESSION, ACME_MEMBER)).orElseThrow();
		assertThat(context.hasAnyRole("admin", "member")).isTrue();
		assertThat(context.hasAnyRole("admin", "org:owner")).isFalse();
		assertThat(context.hasAnyRole()).isFalse();
	}

	@Test
	void theOrganizationIsNamedByItsIdOrItsSlug() {
		ClerkOrganizationContext context = ClerkOrganizationContext.of(token(SESSION, ACME_MEMBER)).orElseThrow();
		assertThat(context.isOrganization("org_acme")).isTrue();
		assertThat(context.isOrganization("acme")).isTrue();
		assertThat(context.isOrganization("org_other")).isFalse();
		ClerkOrganizationContext withoutSlug = new ClerkOrganizationContext("org_1", null, null, List.of(),
				ClerkOrganizationContext.Source.TOKEN);
		assertThat(withoutSlug.isOrganization("org_1")).isTrue();
		assertThat(withoutSlug.isOrganization("")).isFalse();
	}

	/**
	 * Review run 291: a token whose {@code org_slug} is empty (or blank) was in the
	 * organization {@code ""}: a rule built from an empty path variable or property
	 * passed. An empty slug names no organization.
	 */
	@Test
	void aBlankSlugNamesNoOrganization() {
		for (String slug : new String[] { "", " " }) {
			ClerkOrganizationContext context = new ClerkOrganizationContext("org_1", slug, "org:admin", List.of(),
					ClerkOrganizationContext.Source.TOKEN);
			assertThat(context.isOrganization(slug)).as("'" + slug + "'").isFalse();
			assertThat(context.isOrganization("org_1")).isTrue();
		}
	}

	@Test
	void aRuleIsNeverGrantedWithoutAnActiveOrganization() {
		assertThat(ClerkOrganizationContext.allows(token(SESSION, ACME_MEMBER), (context) -> true)).isTrue();
		assertThat(ClerkOrganizationContext.allows(token(SESSION, ACME_MEMBER), (context) -> false)).isFalse();
		assertThat(ClerkOrganizationContext.allows(token(SESSION, null), (context) -> true)).isFalse();
		assertThat(ClerkOrganizationContext.allows(null, (context) -> true)).isFalse();
		assertThat(ClerkOrganizationContext.allows(new TestingAuthenticationToken("staff", "secret", "org:admin"),
				(context) -> true))
			.isFalse();
	}

	@Test
	void theCurrentContextIsTheOneOfTheSecurityContext() {
		assertThat(ClerkOrganizationContext.current()).isEmpty();
		SecurityContextHolder.getContext().setAuthentication(token(SESSION, ACME_MEMBER));
		assertThat(ClerkOrganizationContext.current()).map(ClerkOrganizationContext::organizationId)
			.contains("org_acme");
	}

	@Test
	void thePermissionsAreCopied() {
		List<String> permissions = new ArrayList<>(List.of("org:a"));
		ClerkOrganizationContext context = new ClerkOrganizationContext("org_1", null, null, permissions,
				ClerkOrganizationContext.Source.TOKEN);
		permissions.add("org:b");
		assertThat(context.permissions()).containsExactly("org:a");
	}

	public static ClerkAuthenticationToken token(ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization) {
		return new ClerkAuthenticationToken(null, claims, organization, List.of(), Instant.now());
	}

}
