package dev.clerkusers.test.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.FactorVerificationAge;
import dev.clerkusers.token.NimbusClerkTokenVerifier;
import dev.clerkusers.token.PemKeySource;
import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.TokenRejectionReason;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The kit's session tokens: Clerk's version 2 with its default claims unless version 1 is
 * asked for, verified by the library's verifier.
 */
class SessionTokenBuilderTests {

	private final ClerkTestTokens tokens = ClerkTestTokens.generate();

	private final NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier
		.withKeys(new PemKeySource(this.tokens.publicKeyPem()))
		.issuer(this.tokens.issuer())
		.authorizedParties(List.of(this.tokens.authorizedParty()))
		.build();

	@Test
	void theDefaultTokenIsVersion2WithClerksDefaultClaims() {
		Map<String, Object> claims = this.tokens.session("user_1").claims();
		assertThat(claims).containsKeys("sub", "sid", "iss", "azp", "iat", "nbf", "exp")
			.containsEntry("v", 2)
			.containsEntry("fva", List.of(0, -1))
			.containsEntry("sts", "active")
			.containsEntry("pla", "u:free_user")
			.doesNotContainKeys("o", "org_id", "org_slug", "org_role", "org_permissions");
		assertThat((String) claims.get("jti")).matches("[0-9a-f]{20}");

		ClerkSessionClaims verified = this.verifier.verify(this.tokens.token("user_1"));
		assertThat(verified.version()).isEqualTo(2);
		assertThat(verified.sessionStatus()).contains("active");
		assertThat(verified.isPending()).isFalse();
		assertThat(verified.plan()).contains("u:free_user");
		assertThat(verified.factorVerificationAge()).contains(new FactorVerificationAge(0, -1));
		assertThat(verified.tokenId()).hasValueSatisfying((id) -> assertThat(id).matches("[0-9a-f]{20}"));
	}

	@Test
	void theDefaultTokenCarriesTheSessionCategoryHeaderAsClerksDo() throws ParseException {
		JWSHeader header = SignedJWT.parse(this.tokens.token("user_1")).getHeader();
		assertThat(header.getCustomParam("cat")).isEqualTo("cl_B7d4PD111AAA");
		assertThat(header.getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(header.getKeyID()).isEqualTo(this.tokens.keyId());
	}

	@Test
	void aTokenWithoutCategoryIsMadeOnRequestAsOlderTokensWere() throws ParseException {
		String older = this.tokens.session("user_1").withoutCategory().sign();
		assertThat(SignedJWT.parse(older).getHeader().getCustomParams()).doesNotContainKey("cat");
		assertThat(this.verifier.verify(older).userId()).isEqualTo("user_1");
		assertThat(
				SignedJWT.parse(this.tokens.session("user_1").jwtTemplate().sign()).getHeader().getCustomParam("cat"))
			.isEqualTo(SessionTokenBuilder.TEMPLATE_CATEGORY);
	}

	/**
	 * testing.md: {@code header(name, null)} leaves any header parameter out, and a
	 * registered one (the key id, the type) is set as any other.
	 */
	@Test
	void registeredHeaderParametersAreSetAndLeftOutAsOthersAre() throws ParseException {
		JWSHeader withoutKeyId = SignedJWT.parse(this.tokens.session("user_1").header("kid", null).sign()).getHeader();
		assertThat(withoutKeyId.getKeyID()).isNull();
		assertThat(withoutKeyId.getCustomParam("cat")).isEqualTo("cl_B7d4PD111AAA");
		JWSHeader set = SignedJWT
			.parse(this.tokens.session("user_1")
				.header("kid", "ins_elsewhere")
				.header("typ", null)
				.header("jku", "https://elsewhere.example/jwks")
				.sign())
			.getHeader();
		assertThat(set.getKeyID()).isEqualTo("ins_elsewhere");
		assertThat(set.getType()).isNull();
		assertThat(set.getJWKURL()).hasToString("https://elsewhere.example/jwks");
		assertThat(SignedJWT.parse(this.tokens.session("user_1").header("kid", null).keyId("ins_again").sign())
			.getHeader()
			.getKeyID()).as("keyId(…) after header(\"kid\", null)").isEqualTo("ins_again");
	}

	/**
	 * Black-box run 91: a header parameter is signed as it was set, an empty {@code crit}
	 * too, which the JOSE library left out when it wrote the header; a test of the rule
	 * that refuses {@code crit} whatever its value then passed for the wrong reason.
	 */
	@Test
	void anEmptyListInTheHeaderIsSignedAsItWasSet() {
		String token = this.tokens.session("user_1").header("crit", List.of()).sign();
		assertThat(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8))
			.contains("\"crit\":[]");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.CRITICAL_HEADER));
	}

	/**
	 * Black-box run 106: {@code header("b64", false)} made an RFC 7797 token whose
	 * payload, its claims as they are, holds dots (the issuer's address), so the token
	 * had five segments and was refused as malformed before the rule that refuses
	 * {@code b64: false} was reached. The payload stays encoded, as in a token made for
	 * verifiers that ignore {@code b64}.
	 */
	@Test
	void aTokenMarkedUnencodedReachesTheRuleThatRefusesIt() {
		String token = this.tokens.session("user_1").header("b64", false).sign();
		assertThat(token.split("\\.", -1)).hasSize(3);
		assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
			.contains("\"sub\":\"user_1\"");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.UNENCODED_PAYLOAD));
	}

	/**
	 * Black-box run 108: {@code session(null)} signed a token without {@code sub}; a test
	 * that means one says so with {@code claim("sub", null)}.
	 */
	@Test
	void aUserIdIsNamedOrLeftOutOnPurpose() {
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> this.tokens.session(nullUserId()))
			.withMessageContaining("claim(\"sub\", null)");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> this.tokens.m2mToken(nullUserId()))
			.withMessageContaining("claim(\"sub\", null)");
		assertThat(this.tokens.session("user_1").claim("sub", null).claims()).doesNotContainKey("sub");
	}

	@SuppressWarnings("NullAway")
	private static String nullUserId() {
		return null;
	}

	@Test
	void everyTokenHasItsOwnId() {
		assertThat(this.tokens.session("user_1").claims().get("jti"))
			.isNotEqualTo(this.tokens.session("user_1").claims().get("jti"));
	}

	@Test
	void aTokenWithAnActiveOrganizationCarriesBothPlans() {
		assertThat(this.tokens.session("user_1").organization("org_1", "acme", "org:admin").claims())
			.containsEntry("pla", "u:free_user,o:free_org");
	}

	@Test
	void version1IsMadeOnRequestWithoutTheVersion2Claims() {
		Map<String, Object> claims = this.tokens.session("user_1").v1().claims();
		assertThat(claims).containsKeys("sub", "sid", "iss", "azp", "iat", "nbf", "exp", "fva")
			.doesNotContainKeys("v", "jti", "pla", "sts", "fea", "o");
		assertThat(this.verifier.verify(this.tokens.session("user_1").v1().sign()).version()).isEqualTo(1);
	}

	@Test
	void anOrganizationIsWrittenInTheShapeOfEitherVersionAndReadTheSame() {
		SessionTokenBuilder v2 = this.tokens.session("user_1")
			.organization("org_1", "acme", "org:admin", "org:teams:manage", "org:teams:read", "org:billing:read");
		assertThat(v2.claims()).containsEntry("fea", "o:teams,o:billing")
			.containsEntry("o",
					Map.of("id", "org_1", "slg", "acme", "rol", "admin", "per", "manage,read", "fpm", "3,2"))
			.doesNotContainKeys("org_id", "org_role");
		SessionTokenBuilder v1 = this.tokens.session("user_1")
			.v1()
			.organization("org_1", "acme", "org:admin", "org:teams:manage", "org:teams:read", "org:billing:read");
		assertThat(v1.claims()).containsEntry("org_id", "org_1")
			.containsEntry("org_slug", "acme")
			.containsEntry("org_role", "org:admin")
			.containsEntry("org_permissions", List.of("org:teams:manage", "org:teams:read", "org:billing:read"))
			.doesNotContainKeys("o", "fea");

		ClerkOrganizationClaims expected = new ClerkOrganizationClaims("org_1", "acme", "org:admin",
				List.of("org:teams:manage", "org:teams:read", "org:billing:read"));
		assertThat(this.verifier.verify(v2.sign()).organization()).contains(expected);
		assertThat(this.verifier.verify(v1.sign()).organization()).contains(expected);
	}

	/**
	 * Black-box run 276, F1: the kit signed a system permission ({@code org:sys_*}) into
	 * a token, which Clerk never does (organizations.md), so a test of one passed here
	 * and never against Clerk. Refused in either version and in either form, naming where
	 * system permissions come from.
	 */
	@Test
	void aSystemPermissionIsRefusedAsClerkNeverSignsOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.session("user_1")
				.organization("org_1", "acme", "org:admin", "org:teams:read", "org:sys_memberships:manage"))
			.withMessageContaining("org:sys_memberships:manage")
			.withMessageContaining("never");
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.session("user_1")
			.v1()
			.organization("org_1", "acme", "org:admin", "org:sys_profile:delete"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.session("user_1")
			.organizationV2("org_1", "acme", "admin", Map.of("sys_memberships", List.of("read"))));
	}

	/**
	 * Clerk's organizations may have no slug, as the library reads them: the builder
	 * leaves the slug claim out for {@code null}, in either version.
	 */
	@Test
	void anOrganizationWithoutASlugIsWrittenWithoutOne() {
		SessionTokenBuilder v2 = this.tokens.session("user_1").organization("org_1", null, "org:admin");
		assertThat(v2.claims()).extractingByKey("o")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.doesNotContainKey("slg");
		SessionTokenBuilder v1 = this.tokens.session("user_1").v1().organization("org_1", null, "org:admin");
		assertThat(v1.claims()).containsKey("org_id").doesNotContainKey("org_slug");
		ClerkOrganizationClaims expected = new ClerkOrganizationClaims("org_1", null, "org:admin", List.of());
		assertThat(this.verifier.verify(v2.sign()).organization()).contains(expected);
		assertThat(this.verifier.verify(v1.sign()).organization()).contains(expected);
		assertThat(this.verifier
			.verify(this.tokens.session("user_1").organizationV2("org_1", null, "admin", Map.of()).sign())
			.organization()).contains(expected);
	}

	/**
	 * Review 301 F8: the organization builders write organization features only; a user's
	 * features are set with {@code claim("fea", …)}, and the permission masks still line
	 * up with the organization's features, as the testing guide says.
	 */
	@Test
	void userFeaturesAreSetBesideTheOrganizationsWithTheFeaClaim() {
		String token = this.tokens.session("user_1")
			.organizationV2("org_1", "acme", "admin", Map.of("members", List.of("read", "manage")))
			.claim("fea", "u:ai,o:members")
			.sign();
		ClerkSessionClaims claims = this.verifier.verify(token);
		assertThat(claims.features()).as("the user's feature, the written fea replaced").contains("u:ai");
		assertThat(claims.organization()).map(ClerkOrganizationClaims::permissions)
			.contains(List.of("org:members:read", "org:members:manage"));
	}

	@Test
	void aPermissionThatIsNoOrganizationPermissionKeyIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.session("user_1").organization("org_1", "acme", "org:admin", "manage"))
			.withMessageContaining("org:<feature>:<permission>");
	}

	/**
	 * Black-box run 164, F2: a comma in a permission key or feature was signed, and the
	 * version-2 claims, which list them separated by commas, read as other permissions.
	 */
	@Test
	void aPermissionOrFeatureWithACommaIsRefusedAsNeitherVersionCanCarryIt() {
		SessionTokenBuilder token = this.tokens.session("user_1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> token.organization("org_1", "acme", "org:admin", "org:billing:read,manage"))
			.withMessageContaining("org:billing:read,manage");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> token.organizationV2("org_1", "acme", "admin", Map.of("billing", List.of("a,b"))))
			.withMessageContaining("a,b");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> token.organizationV2("org_1", "acme", "admin", Map.of("bill,ing", List.of("read"))))
			.withMessageContaining("bill,ing");
	}

	/**
	 * Black-box run 164, F3: a null argument failed deep inside the builder (or when the
	 * token was signed) with a message naming the builder's field, and an algorithm that
	 * the kit's RSA key cannot sign with failed as "Could not sign the token".
	 */
	@Test
	void aNullOrUnusableArgumentIsRefusedNamingIt() {
		SessionTokenBuilder token = this.tokens.session("user_1");
		assertThatNullPointerException().isThrownBy(() -> token.organization(nullString(), "acme", "admin"))
			.withMessage("id must not be null");
		assertThatNullPointerException().isThrownBy(() -> token.organization("org_1", "acme", nullString()))
			.withMessage("role must not be null");
		assertThatNullPointerException().isThrownBy(() -> token.lifetime(nullDuration()))
			.withMessage("lifetime must not be null");
		assertThatNullPointerException().isThrownBy(() -> token.header(nullString(), "x"))
			.withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> token.claim(nullString(), "x"))
			.withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> token.impersonatedBy(nullString()))
			.withMessage("actorUserId must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> token.algorithm(JWSAlgorithm.ES256))
			.withMessageContaining("ES256")
			.withMessageContaining("RS384");
	}

	@SuppressWarnings("NullAway")
	private static String nullString() {
		return null;
	}

	@SuppressWarnings("NullAway")
	private static Duration nullDuration() {
		return null;
	}

	@Test
	void aDefaultClaimSetToNullIsLeftOut() {
		Map<String, Object> claims = this.tokens.session("user_1")
			.claim("fva", null)
			.tokenId(null)
			.plan(null)
			.claim("sts", null)
			.claims();
		assertThat(claims).doesNotContainKeys("fva", "jti", "pla", "sts").containsEntry("v", 2);
	}

	@Test
	void setClaimsWinOverTheDefaults() {
		Map<String, Object> claims = this.tokens.session("user_1")
			.tokenId("1234567890")
			.plan("u:free_user,o:pro")
			.factorVerificationAge(7, 2)
			.pending()
			.claims();
		assertThat(claims).containsEntry("jti", "1234567890")
			.containsEntry("pla", "u:free_user,o:pro")
			.containsEntry("fva", List.of(7, 2))
			.containsEntry("sts", "pending");
	}

	/**
	 * A claim is signed as it was set, also a time far out of the range of
	 * {@code java.util.Date} in milliseconds, so that a test can check what the
	 * application does with it.
	 */
	@Test
	void aTimeClaimIsSignedAsItWasSet() throws ParseException {
		String token = this.tokens.session("user_1").claim("exp", Long.MAX_VALUE).claim("nbf", 1.5).sign();
		Map<String, Object> payload = SignedJWT.parse(token).getPayload().toJSONObject();
		assertThat(payload).containsEntry("exp", Long.MAX_VALUE).containsEntry("nbf", 1.5);
	}

	/**
	 * A time given as an {@link Instant} or a {@link Date} is signed as JWT times are: a
	 * number of seconds.
	 */
	@Test
	void aTimeGivenAsAnInstantOrDateIsSignedAsItsSeconds() throws ParseException {
		Instant later = Instant.ofEpochSecond(4102444800L);
		String token = this.tokens.session("user_1").claim("exp", later).claim("nbf", Date.from(later)).sign();
		assertThat(SignedJWT.parse(token).getPayload().toJSONObject()).containsEntry("exp", 4102444800L)
			.containsEntry("nbf", 4102444800L);
	}

	/**
	 * Black-box run 145: an audience of any shape is signed as it was set, not left out,
	 * so that a test of the rule that refuses it reaches that rule.
	 */
	@Test
	void anAudienceOfAnyShapeIsSignedAsItWasSet() throws ParseException {
		Map<Object, Object> signedAs = Map.of(7, 7L, Map.of("x", "y"), Map.of("x", "y"), List.of(1, 2), List.of(1L, 2L),
				List.of(), List.of());
		for (Map.Entry<Object, Object> audience : signedAs.entrySet()) {
			String token = this.tokens.session("user_1").claim("aud", audience.getKey()).sign();
			assertThat(SignedJWT.parse(token).getPayload().toJSONObject()).as("aud %s", audience.getKey())
				.containsEntry("aud", audience.getValue());
		}
	}

	/**
	 * An audience that is neither a string nor a list of strings reaches the verifier and
	 * is refused as malformed.
	 */
	@Test
	void anAudienceOfTheWrongTypeIsRefusedByTheVerifier() {
		for (Object audience : List.of(7, Map.of("x", "y"), List.of(1, 2))) {
			String token = this.tokens.session("user_1").claim("aud", audience).sign();
			assertThatExceptionOfType(ClerkTokenException.class).as("aud %s", audience)
				.isThrownBy(() -> this.verifier.verify(token))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED));
		}
	}

	/**
	 * A claim or header value that has no JSON form (an object of the application's, or a
	 * time inside a list) is refused with an error that names it, not serialised field by
	 * field or failed deep inside the JSON writer.
	 */
	@Test
	void aValueWithoutAJsonFormIsRefusedNamingItsClaimOrHeaderParameter() {
		record Point(int x, int y) {
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.session("user_1").claim("where", new Point(1, 2)).sign())
			.withMessageContaining("'where'")
			.withMessageContaining("Point");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.session("user_1").claim("times", List.of(Map.of("at", Instant.EPOCH))).sign())
			.withMessageContaining("'times'")
			.withMessageContaining("Instant");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.session("user_1").header("where", new Point(1, 2)).sign())
			.withMessageContaining("header parameter 'where'");
	}

	/**
	 * JOSE allows only a string as {@code kid}: another value is refused with a clear
	 * error, not turned into a string.
	 */
	@Test
	void aKeyIdThatIsNoStringIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.session("user_1").header("kid", 42).sign())
			.withMessageContaining("kid");
	}

}
