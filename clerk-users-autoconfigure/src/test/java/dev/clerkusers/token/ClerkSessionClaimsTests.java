package dev.clerkusers.token;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClerkSessionClaimsTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Test
	void claimsReadFromEqualClaimsAreEqualAndSurviveSerialization() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("org_id", "org_1");
		claims.put("org_permissions", List.of("org:teams:manage"));
		ClerkSessionClaims read = ClerkSessionClaims.fromClaims(claims);
		assertThat(read).isEqualTo(ClerkSessionClaims.fromClaims(new LinkedHashMap<>(claims)))
			.hasSameHashCodeAs(ClerkSessionClaims.fromClaims(new LinkedHashMap<>(claims)));
		assertThat(SerializationUtils.clone(read)).isEqualTo(read).hasSameHashCodeAs(read);
		claims.put("org_id", "org_2");
		assertThat(ClerkSessionClaims.fromClaims(claims)).isNotEqualTo(read);
	}

	@Test
	void v1TokensCarryTheOrganizationInFlatClaims() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("org_id", "org_1");
		claims.put("org_slug", "acme");
		claims.put("org_role", "org:admin");
		claims.put("org_permissions", List.of("org:teams:manage"));
		ClerkOrganizationClaims organization = ClerkSessionClaims.fromClaims(claims).organization().orElseThrow();
		assertThat(organization.id()).isEqualTo("org_1");
		assertThat(organization.slug()).isEqualTo("acme");
		assertThat(organization.role()).isEqualTo("org:admin");
		assertThat(organization.permissions()).containsExactly("org:teams:manage");
		assertThat(organization.hasRole("admin")).isTrue();
		assertThat(organization.hasRole("org:admin")).isTrue();
		assertThat(organization.hasPermission("teams:manage")).isTrue();
	}

	@Test
	void v2PermissionsAreDecodedAsInClerksDocumentedExample() {
		// fea=o:dashboard,o:teams per=manage,read fpm=3,2 (docs: session-tokens.mdx)
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", "o:dashboard,o:teams");
		claims.put("o", Map.of("id", "org_2", "slg", "acme", "rol", "admin", "per", "manage,read", "fpm", "3,2"));
		ClerkOrganizationClaims organization = ClerkSessionClaims.fromClaims(claims).organization().orElseThrow();
		assertThat(organization.permissions()).containsExactly("org:dashboard:manage", "org:dashboard:read",
				"org:teams:read");
		assertThat(organization.role()).isEqualTo("org:admin");
		assertThat(organization.slug()).isEqualTo("acme");
	}

	/**
	 * The cases of {@code @clerk/shared}'s own tests of its parser
	 * ({@code jwtPayloadParser.spec.ts}): the first permission is the least significant
	 * bit, a feature with a scope holding {@code o} ({@code uo:}) counts, a user feature
	 * does not, and a feature past the masks has no permission.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					o:impersonation,o:memberships | read,manage | 1,3 | org:impersonation:read,org:memberships:read,org:memberships:manage
					o:impersonation,o:memberships,o:feature3 | read,manage | 1,3 | org:impersonation:read,org:memberships:read,org:memberships:manage
					uo:impersonation,o:memberships,uo:feature3 | read,manage | 1,3,1 | org:impersonation:read,org:memberships:read,org:memberships:manage,org:feature3:read
					ou:memberships,u:impersonation | read,manage | 3 | org:memberships:read,org:memberships:manage
					o:billing,o:email,o:fraud,o:instance,o:staging_plans | manage,read | 3,3,3,3,1 | org:billing:manage,org:billing:read,org:email:manage,org:email:read,org:fraud:manage,org:fraud:read,org:instance:manage,org:instance:read,org:staging_plans:manage
					o:repositories,o:projects | read,create,update,delete,revoke | 7,21 | org:repositories:read,org:repositories:create,org:repositories:update,org:projects:read,org:projects:update,org:projects:revoke
					o:repositories,o:projects,o:webhooks,o:impersonation | read,manage | 1,2,3 | org:repositories:read,org:projects:manage,org:webhooks:read,org:webhooks:manage
					o:repositories,uo:projects,u:goldprofileborder | read,create,update,delete,revoke | 7,21 | org:repositories:read,org:repositories:create,org:repositories:update,org:projects:read,org:projects:update,org:projects:revoke
					""")
	void v2PermissionsAreDecodedAsClerksOwnParserTestsDecodeThem(String features, String permissions, String masks,
			String expected) {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", features);
		claims.put("o", Map.of("id", "org_id", "slg", "org_slug", "rol", "admin", "per", permissions, "fpm", masks));
		assertThat(ClerkSessionClaims.fromClaims(claims).organization().orElseThrow().permissions())
			.containsExactlyInAnyOrder(expected.split(","));
	}

	/**
	 * A mask is a decimal of any size, as Clerk's own parser reads it: a feature with
	 * more than 63 permissions sets bits past a {@code long}.
	 */
	@Test
	void v2MasksBeyondSixtyFourBitsAreDecoded() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 70; i++) {
			names.add("p" + i);
		}
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", "o:big");
		String mask = BigInteger.ONE.shiftLeft(69).add(BigInteger.ONE).toString();
		claims.put("o", Map.of("id", "org_big", "rol", "admin", "per", String.join(",", names), "fpm", mask));
		ClerkOrganizationClaims organization = ClerkSessionClaims.fromClaims(claims).organization().orElseThrow();
		assertThat(organization.permissions()).containsExactly("org:big:p0", "org:big:p69");
	}

	@Test
	void v2OnlyCountsFeaturesScopedToOrganizations() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", "u:export,o:teams,uo:billing");
		claims.put("o", Map.of("id", "org_2", "rol", "member", "per", "read,write", "fpm", "1,2"));
		ClerkOrganizationClaims organization = ClerkSessionClaims.fromClaims(claims).organization().orElseThrow();
		assertThat(organization.permissions()).containsExactly("org:teams:read", "org:billing:write");
	}

	@Test
	void onAV2TokenForgedFlatOrganizationClaimsAreIgnored() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("org_id", "org_forged");
		claims.put("org_role", "org:admin");
		claims.put("org_permissions", List.of("org:billing:manage"));
		ClerkSessionClaims parsed = ClerkSessionClaims.fromClaims(claims);
		assertThat(parsed.organization()).isEmpty();
		claims.put("o", Map.of("id", "org_real", "rol", "member"));
		assertThat(ClerkSessionClaims.fromClaims(claims).organization()).get().satisfies((organization) -> {
			assertThat(organization.id()).isEqualTo("org_real");
			assertThat(organization.role()).isEqualTo("org:member");
			assertThat(organization.permissions()).isEmpty();
		});
	}

	@Test
	void readsFactorVerificationAgeActorPlanFeaturesAndStatus() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fva", List.of(3, -1));
		claims.put("act", Map.of("sub", "user_admin", "sid", "sess_admin", "iss", "https://dashboard.clerk.com"));
		claims.put("pla", "u:pro");
		claims.put("fea", "u:export,o:teams");
		claims.put("sts", "active");
		claims.put("jti", "token-id");
		claims.put("custom", "value");
		ClerkSessionClaims parsed = ClerkSessionClaims.fromClaims(claims);
		assertThat(parsed.factorVerificationAge()).get().satisfies((fva) -> {
			assertThat(fva.firstFactorAge()).contains(Duration.ofMinutes(3));
			assertThat(fva.secondFactorAge()).isEmpty();
			assertThat(fva.secondFactorVerifiedWithin(Duration.ofHours(1))).isFalse();
		});
		assertThat(parsed.isImpersonated()).isTrue();
		assertThat(parsed.actor()).get().extracting(ClerkActor::subject).isEqualTo("user_admin");
		assertThat(parsed.plan()).contains("u:pro");
		assertThat(parsed.hasFeature("export")).isTrue();
		assertThat(parsed.hasFeature("o:teams")).isTrue();
		assertThat(parsed.hasFeature("o:export")).isFalse();
		assertThat(parsed.isPending()).isFalse();
		assertThat(parsed.tokenId()).contains("token-id");
		assertThat(parsed.claim("custom")).contains("value");
	}

	@Test
	void aSecondFactorVerifiedIsWithinAnAgeOnlyUpToThatAge() {
		FactorVerificationAge fva = new FactorVerificationAge(30, 10);
		assertThat(fva.secondFactorAge()).contains(Duration.ofMinutes(10));
		assertThat(fva.secondFactorVerifiedWithin(Duration.ofMinutes(15))).isTrue();
		assertThat(fva.secondFactorVerifiedWithin(Duration.ofMinutes(10))).isTrue();
		assertThat(fva.secondFactorVerifiedWithin(Duration.ofMinutes(9))).isFalse();
		FactorVerificationAge justNow = new FactorVerificationAge(0, 0);
		assertThat(justNow.firstFactorAge()).contains(Duration.ZERO);
		assertThat(justNow.secondFactorVerifiedWithin(Duration.ZERO)).isTrue();
		assertThat(new FactorVerificationAge(-1, -1).firstFactorAge()).isEmpty();
	}

	@Test
	void aTokenWithoutActorOrFeaturesIsNeitherImpersonatedNorFeatured() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		ClerkSessionClaims plain = ClerkSessionClaims.fromClaims(claims);
		assertThat(plain.isImpersonated()).isFalse();
		assertThat(plain.actor()).isEmpty();
		assertThat(plain.hasFeature("export")).isFalse();
		claims.put("fea", "u:export");
		assertThat(ClerkSessionClaims.fromClaims(claims).hasFeature("teams")).isFalse();
	}

	/**
	 * Masks beyond the organization's features and bits beyond its permission names grant
	 * nothing, and do not make the token unreadable.
	 */
	@Test
	void permissionListsThatDoNotLineUpGrantOnlyWhatTheyName() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", "o:docs");
		claims.put("o", Map.of("id", "org_1", "rol", "member", "per", "read", "fpm", "3,1"));
		assertThat(ClerkSessionClaims.fromClaims(claims).organization()).get()
			.satisfies((organization) -> assertThat(organization.permissions()).containsExactly("org:docs:read"));
	}

	/**
	 * Black-box run 123: a mask past the organization's features, or in a token without
	 * any, was never read, so that an {@code fpm} that is no list of integers was taken.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			o:docs | 1,abc
			o:docs | 3,-1
			u:docs | abc
			       | 1,x
			""")
	void everyMaskMustBeAnIntegerWhateverTheFeatures(@Nullable String features, String masks) {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		if (features != null) {
			claims.put("fea", features);
		}
		claims.put("o", Map.of("id", "org_1", "rol", "member", "per", "read", "fpm", masks));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> ClerkSessionClaims.fromClaims(claims))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED))
			.withMessageContaining("o.fpm");
	}

	/**
	 * Review run 291: an empty entry of {@code o.per} or {@code o.fpm} was dropped, so
	 * that every later permission or mask moved one place up: {@code fpm=",1"} granted
	 * the first feature's permission, for a feature the mask does not give, where Clerk's
	 * parser keeps each entry in its place. An empty mask is no integer, and an empty
	 * permission no name: the claim is refused as a whole.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			read,manage  | ',1'     | o.fpm
			read,manage  | '1,,2'   | o.fpm
			read,manage  | '1,'     | o.fpm
			read,,manage | '4'      | o.per
			,read        | '1'      | o.per
			read,        | '1'      | o.per
			""")
	void anEmptyPermissionOrMaskIsRefusedNeverSkipped(String permissions, String masks, String claim) {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("fea", "o:billing,o:teams");
		claims.put("o", Map.of("id", "org_1", "rol", "member", "per", permissions, "fpm", masks));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> ClerkSessionClaims.fromClaims(claims))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED))
			.withMessageContaining(claim);
	}

	/**
	 * Black-box run 293: a v1 token whose {@code org_permissions} held an empty or blank
	 * entry was taken, and every request with it failed with a 500 (no authority is
	 * blank), where a v2 token's empty permission is refused. It is refused the same way.
	 */
	@Test
	void aV1PermissionThatIsBlankIsRefused() {
		for (String blank : new String[] { "", " " }) {
			Map<String, Object> claims = new LinkedHashMap<>(TestJwts.claims(NOW));
			claims.put("org_id", "org_1");
			claims.put("org_role", "org:admin");
			claims.put("org_permissions", List.of("org:billing:manage", blank));
			assertThatExceptionOfType(ClerkTokenException.class).as("'" + blank + "'")
				.isThrownBy(() -> ClerkSessionClaims.fromClaims(claims))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED))
				.withMessageContaining("org_permissions");
		}
	}

	@Test
	void onAV1TokenAnOrganizationInTheOClaimIsIgnored() {
		Map<String, Object> claims = new LinkedHashMap<>(TestJwts.claims(NOW));
		claims.put("o", Map.of("id", "org_forged", "rol", "admin"));
		assertThat(ClerkSessionClaims.fromClaims(claims).organization()).isEmpty();
		claims.put("org_id", "org_real");
		claims.put("org_role", "org:member");
		assertThat(ClerkSessionClaims.fromClaims(claims).organization()).get()
			.satisfies((organization) -> assertThat(organization.id()).isEqualTo("org_real"));
	}

	/**
	 * Black-box run 207's note: an organization claim without an id is no active
	 * organization, and one without a role has none, so no role check passes for it.
	 */
	@Test
	void anOrganizationClaimWithoutAnIdIsNoOrganizationAndOneWithoutARoleHasNoRole() {
		for (Object id : new Object[] { "", " " }) {
			Map<String, Object> claims = new LinkedHashMap<>(TestJwts.claims(NOW));
			claims.put("v", 2);
			claims.put("o", Map.of("id", id, "rol", "admin"));
			assertThat(ClerkSessionClaims.fromClaims(claims).organization()).isEmpty();
		}
		Map<String, Object> noId = new LinkedHashMap<>(TestJwts.claims(NOW));
		noId.put("v", 2);
		noId.put("o", Map.of("rol", "admin", "slg", "acme"));
		assertThat(ClerkSessionClaims.fromClaims(noId).organization()).isEmpty();
		Map<String, Object> v1 = new LinkedHashMap<>(TestJwts.claims(NOW));
		v1.put("org_id", "org_1");
		assertThat(ClerkSessionClaims.fromClaims(v1).organization()).get().satisfies((organization) -> {
			assertThat(organization.id()).isEqualTo("org_1");
			assertThat(organization.role()).isNull();
			assertThat(organization.hasRole("admin")).isFalse();
			assertThat(organization.hasRole("member")).isFalse();
		});
	}

	@Test
	void refusesAMalformedOrganizationClaim() {
		Map<String, Object> claims = TestJwts.claims(NOW);
		claims.put("v", 2);
		claims.put("o", "not-an-object");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> ClerkSessionClaims.fromClaims(claims))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED));
		Map<String, Object> badMask = new LinkedHashMap<>(TestJwts.claims(NOW));
		badMask.put("v", 2);
		badMask.put("fea", "o:teams");
		badMask.put("o", Map.of("id", "org_1", "per", "read", "fpm", "x"));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> ClerkSessionClaims.fromClaims(badMask));
	}

	/**
	 * Black-box run 206, F1: a claim of the wrong type inside {@code act} or {@code o}
	 * was named without its parent ("The sub claim is not a string" for {@code act.sub}),
	 * pointing at the token's own, valid {@code sub}.
	 */
	@Test
	void aNestedClaimOfTheWrongTypeIsNamedWithItsParent() {
		Map<String, Object> actor = new LinkedHashMap<>(TestJwts.claims(NOW));
		actor.put("act", Map.of("sub", 5));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> ClerkSessionClaims.fromClaims(actor))
			.withMessage("The act.sub claim is not a string");
		Map<String, Object> organization = new LinkedHashMap<>(TestJwts.claims(NOW));
		organization.put("v", 2);
		organization.put("o", Map.of("id", 5));
		assertThatExceptionOfType(ClerkTokenException.class)
			.isThrownBy(() -> ClerkSessionClaims.fromClaims(organization))
			.withMessage("The o.id claim is not a string");
	}

}
