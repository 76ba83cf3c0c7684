package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalMachineJwtVerifierTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final LocalMachineJwtVerifier verifier = new LocalMachineJwtVerifier(new PemKeySource(publicKey()),
			Duration.ofSeconds(5), this.clock);

	static RSAPublicKey publicKey() {
		try {
			return TestJwts.KEY.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void anM2mJwtGivesItsMachineScopesAndCustomClaims() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("tenant", "acme");
		ClerkMachineToken token = this.verifier.verify(MachineJwts.m2m(claims));
		assertThat(token.type()).isEqualTo(ClerkTokenType.M2M_TOKEN);
		assertThat(token.id()).isEqualTo("mt_0123456789abcdef0123456789abcdef");
		assertThat(token.subject()).isEqualTo(MachineJwts.MACHINE);
		assertThat(token.machineId()).contains(MachineJwts.MACHINE);
		assertThat(token.scopes()).containsExactly("mch_1xxxxx", "mch_2xxxxx");
		assertThat(token.claims()).containsEntry("tenant", "acme")
			.containsKeys("aud", "scopes")
			.doesNotContainKeys("iss", "sub", "exp", "nbf", "iat", "jti");
		assertThat(token.isJwt()).isTrue();
		assertThat(token.expiresAt()).contains(Instant.ofEpochSecond(this.clock.instant().getEpochSecond() + 3600));
	}

	@Test
	void anM2mJwtWithoutScopesClaimTakesItsAudience() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.remove("scopes");
		assertThat(this.verifier.verify(MachineJwts.m2m(claims)).scopes()).containsExactly("mch_1xxxxx", "mch_2xxxxx");
	}

	@Test
	void anM2mJwtsScopesClaimWinsOverItsAudienceAndASingleAudienceIsOneScope() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("scopes", "mch_3xxxxx");
		assertThat(this.verifier.verify(MachineJwts.m2m(claims)).scopes()).containsExactly("mch_3xxxxx");
		claims.remove("scopes");
		claims.put("aud", "mch_4xxxxx");
		assertThat(this.verifier.verify(MachineJwts.m2m(claims)).scopes()).containsExactly("mch_4xxxxx");
	}

	/**
	 * A {@code scopes} claim that is no string was read as no claim, so the token's
	 * audience became its scopes; {@code @clerk/backend} splits it as a string and fails
	 * on any other value.
	 */
	@Test
	void anM2mJwtWhoseScopesClaimIsNoStringIsRefusedNotReadAsItsAudience() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("scopes", List.of("mch_3xxxxx"));
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.MALFORMED);
		claims.put("scopes", 3);
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.MALFORMED);
	}

	@Test
	void anOAuthJwtGivesItsUserClientAndScopes() {
		ClerkMachineToken token = this.verifier
			.verify(MachineJwts.oauth(MachineJwts.oauthClaims(this.clock.instant())));
		assertThat(token.type()).isEqualTo(ClerkTokenType.OAUTH_TOKEN);
		assertThat(token.userId()).contains("user_2vYVtestTESTtestTESTtestTES");
		assertThat(token.clientId()).contains("client_2VTWUzvGC5UhdJCNx6xG1D98edc");
		assertThat(token.scopes()).containsExactly("read:foo", "write:bar");
	}

	@Test
	void anOAuthJwtsScpArrayWinsOverItsScopeString() {
		Map<String, Object> claims = MachineJwts.oauthClaims(this.clock.instant());
		claims.put("scp", List.of("profile"));
		assertThat(this.verifier.verify(MachineJwts.oauth("application/at+jwt", claims)).scopes())
			.containsExactly("profile");
	}

	/**
	 * Rule M5a's scopes hold for JWTs too: each is a name without whitespace, whether it
	 * comes from {@code scp} or, for an M2M token without {@code scopes}, from its
	 * {@code aud}; else the token is refused as an opaque token's answer would be
	 * (black-box run 234: {@code scp: ["read", ""]} gave the authority {@code SCOPE_},
	 * and {@code ["read write"]} one authority {@code SCOPE_read write}).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", " ", "read write", "read\n", "read\u00a0write" })
	void aMachineJwtWithAScopeThatIsEmptyOrHoldsWhitespaceIsRefused(String scope) {
		Map<String, Object> oauth = MachineJwts.oauthClaims(this.clock.instant());
		oauth.put("scp", List.of("read", scope));
		assertRefused(MachineJwts.oauth(oauth), TokenRejectionReason.MALFORMED);
		Map<String, Object> m2m = MachineJwts.m2mClaims(this.clock.instant());
		m2m.remove("scopes");
		m2m.put("aud", List.of("mch_1xxxxx", scope));
		assertRefused(MachineJwts.m2m(m2m), TokenRejectionReason.MALFORMED);
		m2m.put("aud", scope);
		assertRefused(MachineJwts.m2m(m2m), TokenRejectionReason.MALFORMED);
	}

	/**
	 * A space-separated scopes claim is split on each single space, as
	 * {@code @clerk/backend} splits it, and each part held to rule M5a: an empty claim, a
	 * space at either end or two together give an empty scope, and a tab or a no-break
	 * space stays inside one (black-box run 238: they were split on any run of
	 * whitespace, or accepted as one scope).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", " mch_1xxxxx", "mch_1xxxxx ", "mch_1xxxxx  mch_2xxxxx", "mch_1xxxxx\tmch_2xxxxx",
			"mch_1xxxxx\u00a0mch_2xxxxx" })
	void aScopesClaimThatDoesNotSplitIntoScopesOnSingleSpacesIsRefused(String scopes) {
		Map<String, Object> m2m = MachineJwts.m2mClaims(this.clock.instant());
		m2m.put("scopes", scopes);
		assertRefused(MachineJwts.m2m(m2m), TokenRejectionReason.MALFORMED);
		Map<String, Object> oauth = MachineJwts.oauthClaims(this.clock.instant());
		oauth.remove("scp");
		oauth.put("scope", scopes);
		assertRefused(MachineJwts.oauth(oauth), TokenRejectionReason.MALFORMED);
	}

	/**
	 * Rule M5a's subjects hold for JWTs too: a machine for an M2M token, a user for an
	 * OAuth token, the prefix followed by letters, digits, {@code _} or {@code -}; else
	 * the token confirms no one of its type, as an opaque token's answer would not
	 * (black-box run 222: an OAuth JWT with an empty subject was a signed-in principal
	 * named "").
	 */
	@ParameterizedTest
	@ValueSource(strings = { "mch_", "mch_a b", "mch_x\n", "mch_émile" })
	void anM2mJwtWhoseSubjectIsNoMachineIsRefused(String subject) {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("sub", subject);
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "user_", "user_a b", "org_acme", "usr_abc", "2vYV" })
	void anOAuthJwtWhoseSubjectIsNoUserIsRefused(String subject) {
		Map<String, Object> claims = MachineJwts.oauthClaims(this.clock.instant());
		claims.put("sub", subject);
		assertRefused(MachineJwts.oauth(claims), TokenRejectionReason.MALFORMED);
	}

	@Test
	void anM2mJwtOfAnotherCategoryIsRefused() {
		for (String category : List.of("cl_B7d4PD111AAA", "cl_B7d4PD222AAA", "cl_I7d4PD111III", "cl_unknown")) {
			JWSHeader header = TestJwts.header(TestJwts.KEY).customParam("cat", category).build();
			assertRefused(MachineJwts.m2m(header, MachineJwts.m2mClaims(this.clock.instant())),
					TokenRejectionReason.NOT_AN_M2M_TOKEN);
		}
		JWSHeader m2m = TestJwts.header(TestJwts.KEY)
			.customParam("cat", LocalMachineJwtVerifier.M2M_TOKEN_CATEGORY)
			.build();
		assertThat(this.verifier.verify(MachineJwts.m2m(m2m, MachineJwts.m2mClaims(this.clock.instant()))).subject())
			.isEqualTo(MachineJwts.MACHINE);
	}

	/**
	 * Rule M9: an OAuth JWT's {@code typ} is an access token's. The verifier tells an
	 * OAuth JWT by that {@code typ}, so only the rule itself can be given another (review
	 * run 252: no test reached it).
	 */
	@Test
	void anOauthJwtOfAnotherTypeIsRefused() {
		for (Map<String, Object> header : List.<Map<String, Object>>of(Map.of("typ", "JWT"), Map.of())) {
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> LocalMachineJwtVerifier.checkType(ClerkTokenType.OAUTH_TOKEN, header))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_TYPE));
		}
	}

	/**
	 * Review run 252: an OAuth JWT's {@code scope} of another JSON type was read as no
	 * scopes, where an M2M JWT's {@code scopes} of another type refuses the token.
	 */
	@Test
	void anOauthJwtWhoseScopeIsNotAStringIsRefused() {
		for (Object scope : List.of(42, List.of("read"), Map.of("read", true))) {
			Map<String, Object> claims = MachineJwts.oauthClaims(this.clock.instant());
			claims.put("scope", scope);
			assertRefused(MachineJwts.oauth(claims), TokenRejectionReason.MALFORMED);
		}
	}

	/**
	 * Black-box run 257 (F1): an OAuth JWT whose {@code sub} is of another JSON type was
	 * refused as having no subject; a claim of the wrong type is malformed, never taken
	 * as absent (rule 13). (A JWT whose {@code sub} is no machine's string is no M2M JWT:
	 * the session rules judge it.)
	 */
	@Test
	void aMachineJwtWhoseSubjectIsNotAStringIsMalformedNotMissing() {
		for (Object subject : List.of(5, List.of("user_ada"), Map.of("id", "user_ada"))) {
			Map<String, Object> oauth = MachineJwts.oauthClaims(this.clock.instant());
			oauth.put("sub", subject);
			assertRefused(MachineJwts.oauth(oauth), TokenRejectionReason.MALFORMED);
		}
	}

	@Test
	void anM2mJwtOfTheAccessTokenTypeIsRefused() {
		assertRefused(MachineJwts.oauth(MachineJwts.m2mClaims(this.clock.instant())),
				TokenRejectionReason.INVALID_TYPE);
	}

	@Test
	void aSessionTokenIsNotAMachineToken() {
		assertRefused(TestJwts.sign(TestJwts.claims(this.clock.instant())), TokenRejectionReason.TYPE_NOT_ACCEPTED);
	}

	@Test
	void anExpiredMachineJwtIsRefused() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("exp", this.clock.instant().getEpochSecond() - 6);
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.EXPIRED);
		Map<String, Object> oauth = MachineJwts.oauthClaims(this.clock.instant());
		oauth.remove("exp");
		assertRefused(MachineJwts.oauth(oauth), TokenRejectionReason.MISSING_CLAIM);
	}

	@Test
	void aMachineJwtNotYetValidIsRefused() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("nbf", this.clock.instant().getEpochSecond() + 60);
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.NOT_ACTIVE_YET);
	}

	@Test
	void aMachineJwtIssuedInTheFutureIsRefusedBeyondTheClockSkew() {
		Map<String, Object> claims = MachineJwts.m2mClaims(this.clock.instant());
		claims.put("iat", this.clock.instant().getEpochSecond() + 4);
		assertThat(this.verifier.verify(MachineJwts.m2m(claims)).subject()).isEqualTo(MachineJwts.MACHINE);
		claims.put("iat", this.clock.instant().getEpochSecond() + 60);
		assertRefused(MachineJwts.m2m(claims), TokenRejectionReason.ISSUED_IN_THE_FUTURE);
	}

	/**
	 * A signature is accepted in its one canonical base64url spelling only: the unused
	 * low bits of its last character are zero, and it has no padding, so no second string
	 * passes for the same signature.
	 */
	@Test
	void aMachineJwtWhoseSignatureIsSpelledAnotherWayIsRefused() {
		String token = MachineJwts.m2m(MachineJwts.m2mClaims(this.clock.instant()));
		assertThat(this.verifier.verify(token).subject()).isEqualTo(MachineJwts.MACHINE);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int last = alphabet.indexOf(token.charAt(token.length() - 1));
		// 256 bytes of RS256 signature leave the last character 2 bits of data and 4
		// unused
		String otherSpelling = token.substring(0, token.length() - 1) + alphabet.charAt(last | 0b0101);
		assertRefused(otherSpelling, TokenRejectionReason.MALFORMED);
		assertRefused(token + "==", TokenRejectionReason.MALFORMED);
	}

	@Test
	void aMachineJwtSignedByAnotherKeyIsRefused() {
		String forged = TestJwts.sign(TestJwts.OTHER_KEY, TestJwts.header(TestJwts.KEY).build(),
				MachineJwts.m2mClaims(this.clock.instant()));
		assertRefused(forged, TokenRejectionReason.INVALID_SIGNATURE);
	}

	@Test
	void aMachineJwtWithAnHmacAlgorithmIsRefused() {
		String header = TestJwts.base64url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"k\"}");
		String payload = TestJwts.base64url("{\"sub\":\"user_1\",\"exp\":9999999999}");
		assertRefused(header + "." + payload + ".c2ln", TokenRejectionReason.INVALID_ALGORITHM);
	}

	@Test
	void aMachineJwtSignedWithRs512IsAccepted() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(TestJwts.KEY.getKeyID()).build();
		assertThat(this.verifier.verify(MachineJwts.m2m(header, MachineJwts.m2mClaims(this.clock.instant()))).subject())
			.isEqualTo(MachineJwts.MACHINE);
	}

	private void assertRefused(String token, TokenRejectionReason reason) {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

}
