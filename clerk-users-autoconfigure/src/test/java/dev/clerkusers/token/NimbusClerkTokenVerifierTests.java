package dev.clerkusers.token;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every rule of the verifier, each with the token it refuses and the reason. The table in
 * docs/security.md lists the same rules.
 */
class NimbusClerkTokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier
		.withKeys(new JwksKeySource(() -> new JWKSet(TestJwts.KEY.toPublicJWK()), Duration.ofMinutes(5),
				Duration.ofSeconds(30), this.clock))
		.issuer(TestJwts.ISSUER)
		.authorizedParties(List.of(TestJwts.PARTY))
		.clock(this.clock)
		.build();

	@Test
	void acceptsAValidSessionToken() {
		ClerkSessionClaims claims = this.verifier.verify(TestJwts.sign(TestJwts.claims(NOW)));
		assertThat(claims.userId()).isEqualTo("user_1");
		assertThat(claims.sessionId()).isEqualTo("sess_1");
		assertThat(claims.authorizedParty()).contains(TestJwts.PARTY);
		assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(60));
		assertThat(claims.version()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS384", "RS512" })
	void acceptsTheOtherRsaAlgorithms(String algorithm) {
		String token = TestJwts.sign(TestJwts.KEY,
				new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID(TestJwts.KEY.getKeyID()).build(),
				TestJwts.claims(NOW));
		assertThat(this.verifier.verify(token).userId()).isEqualTo("user_1");
	}

	@Nested
	class Refuses {

		@ParameterizedTest
		@ValueSource(strings = { "ak_123abc", "oat_123abc", "mt_123abc", "m2m_123abc", "  mt_padded" })
		void machineTokensBeforeAnythingElse(String token) {
			assertReason(token, TokenRejectionReason.MACHINE_TOKEN);
		}

		@ParameterizedTest
		@ValueSource(strings = { "", "not-a-jwt", "a.b.c", "abc.def", "eyJub3QiOiJhIGhlYWRlciJ9.e30.sig" })
		void malformedTokens(String token) {
			assertReason(token, TokenRejectionReason.MALFORMED);
		}

		@Test
		void unsignedTokensWithAlgorithmNone() {
			String token = new PlainJWT(claimsSet(TestJwts.claims(NOW))).serialize();
			assertReason(token, TokenRejectionReason.INVALID_ALGORITHM);
		}

		@Test
		void hs256SignedWithThePublicKeyAsSecret() throws Exception {
			byte[] publicKey = TestJwts.KEY.toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestJwts.KEY.getKeyID()).build(),
					claimsSet(TestJwts.claims(NOW)));
			jwt.sign(new MACSigner(publicKey));
			assertReason(jwt.serialize(), TokenRejectionReason.INVALID_ALGORITHM);
		}

		@Test
		void rsaPssAlgorithms() {
			String token = TestJwts.sign(TestJwts.KEY,
					new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(TestJwts.KEY.getKeyID()).build(),
					TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.INVALID_ALGORITHM);
		}

		@Test
		void aTypeOtherThanJwt() {
			String token = TestJwts.sign(TestJwts.KEY,
					TestJwts.header(TestJwts.KEY).type(new JOSEObjectType("at+jwt")).build(), TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.INVALID_TYPE);
		}

		@ParameterizedTest
		@ValueSource(strings = { "cl_B7d4PD222AAA", "cl_B7d4PD333AAA", "cl_I7d4PD111III", "unknown" })
		void jwtTemplatesAndM2mJwtsByTheirCategory(String category) {
			String token = TestJwts.sign(TestJwts.KEY,
					TestJwts.header(TestJwts.KEY).customParam("cat", category).build(), TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.NOT_A_SESSION_TOKEN);
		}

		@Test
		void acceptsTheSessionTokenCategory() {
			String token = TestJwts.sign(TestJwts.KEY,
					TestJwts.header(TestJwts.KEY).customParam("cat", "cl_B7d4PD111AAA").build(), TestJwts.claims(NOW));
			assertThat(verifier.verify(token).userId()).isEqualTo("user_1");
		}

		@Test
		void aTokenSignedWithAnUnknownKey() {
			String token = TestJwts.sign(TestJwts.OTHER_KEY, TestJwts.header(TestJwts.OTHER_KEY).build(),
					TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.KEY_NOT_FOUND);
		}

		@Test
		void aTokenSignedByAnotherKeyUnderTheInstancesKeyId() {
			String token = TestJwts.sign(TestJwts.OTHER_KEY, TestJwts.header(TestJwts.KEY).build(),
					TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.INVALID_SIGNATURE);
		}

		@Test
		void aTamperedPayload() {
			String token = TestJwts.sign(TestJwts.claims(NOW));
			String[] parts = token.split("\\.");
			Map<String, Object> forged = TestJwts.claims(NOW);
			forged.put("sub", "user_admin");
			String payload = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(claimsSet(forged).toString().getBytes(StandardCharsets.UTF_8));
			assertReason(parts[0] + "." + payload + "." + parts[2], TokenRejectionReason.INVALID_SIGNATURE);
		}

		@Test
		void theSignatureIsCheckedBeforeTheClaims() {
			Map<String, Object> claims = TestJwts.claims(NOW);
			claims.put("exp", NOW.minusSeconds(3600).getEpochSecond());
			claims.remove("sub");
			String token = TestJwts.sign(TestJwts.OTHER_KEY, TestJwts.header(TestJwts.KEY).build(), claims);
			assertReason(token, TokenRejectionReason.INVALID_SIGNATURE);
		}

		@ParameterizedTest
		@ValueSource(strings = { "sub", "sid", "exp" })
		void aMissingRequiredClaim(String claim) {
			Map<String, Object> claims = TestJwts.claims(NOW);
			claims.remove(claim);
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> verifier.verify(TestJwts.sign(claims)))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MISSING_CLAIM))
				.withMessageContaining(claim);
		}

		@Test
		void anExpiredTokenBeyondTheClockSkew() {
			assertReason(token((c) -> c.put("exp", NOW.minusSeconds(6).getEpochSecond())),
					TokenRejectionReason.EXPIRED);
		}

		@Test
		void acceptsATokenExpiredWithinTheClockSkew() {
			assertThat(verifier.verify(token((c) -> c.put("exp", NOW.minusSeconds(4).getEpochSecond())))).isNotNull();
		}

		@Test
		void aTokenNotValidYetBeyondTheClockSkew() {
			assertReason(token((c) -> c.put("nbf", NOW.plusSeconds(6).getEpochSecond())),
					TokenRejectionReason.NOT_ACTIVE_YET);
			assertThat(verifier.verify(token((c) -> c.put("nbf", NOW.plusSeconds(4).getEpochSecond())))).isNotNull();
		}

		@Test
		void aTokenIssuedInTheFutureBeyondTheClockSkew() {
			assertReason(token((c) -> c.put("iat", NOW.plusSeconds(6).getEpochSecond())),
					TokenRejectionReason.ISSUED_IN_THE_FUTURE);
			assertThat(verifier.verify(token((c) -> c.put("iat", NOW.plusSeconds(4).getEpochSecond())))).isNotNull();
		}

		@Test
		void anotherIssuer() {
			assertReason(token((c) -> c.put("iss", "https://clerk.other-instance.test")),
					TokenRejectionReason.INVALID_ISSUER);
			assertReason(token((c) -> c.remove("iss")), TokenRejectionReason.INVALID_ISSUER);
		}

		@Test
		void acceptsTheIssuerWithATrailingSlash() {
			assertThat(verifier.verify(token((c) -> c.put("iss", TestJwts.ISSUER + "/")))).isNotNull();
		}

		@Test
		void anAuthorizedPartyNotInTheList() {
			assertReason(token((c) -> c.put("azp", "https://evil.example")),
					TokenRejectionReason.INVALID_AUTHORIZED_PARTY);
		}

		@Test
		void aMissingAuthorizedPartyWhenPartiesAreConfigured() {
			assertReason(token((c) -> c.remove("azp")), TokenRejectionReason.INVALID_AUTHORIZED_PARTY);
		}

		@ParameterizedTest
		@ValueSource(strings = { "https://app.example.test/", "HTTPS://App.Example.Test" })
		void acceptsTheAuthorizedPartyWithATrailingSlashOrInAnotherCase(String party) {
			assertThat(verifier.verify(token((c) -> c.put("azp", party)))).isNotNull();
		}

		@Test
		void aPendingSession() {
			assertReason(token((c) -> c.put("sts", "pending")), TokenRejectionReason.SESSION_PENDING);
		}

		@Test
		void anApplicationRuleAfterEveryClerkRule() {
			NimbusClerkTokenVerifier withRule = NimbusClerkTokenVerifier
				.withKeys(new JwksKeySource(() -> new JWKSet(TestJwts.KEY.toPublicJWK()), Duration.ofMinutes(5),
						Duration.ofSeconds(30), NimbusClerkTokenVerifierTests.this.clock))
				.issuer(TestJwts.ISSUER)
				.clock(NimbusClerkTokenVerifierTests.this.clock)
				.validators(List
					.of((jwt) -> "admin".equals(jwt.getClaimAsString("tier")) ? OAuth2TokenValidatorResult.success()
							: OAuth2TokenValidatorResult
								.failure(new OAuth2Error("invalid_token", "tier is not admin", null))))
				.build();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> withRule.verify(token((c) -> c.put("tier", "basic"))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.APPLICATION_RULE))
				.withMessage("tier is not admin");
			assertThat(withRule.verify(token((c) -> c.put("tier", "admin"))).userId()).isEqualTo("user_1");
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> withRule.verify(token((c) -> c.put("exp", NOW.minusSeconds(60).getEpochSecond()))))
				.satisfies((ex) -> assertThat(ex.getReason()).as("Clerk's rules come first")
					.isEqualTo(TokenRejectionReason.EXPIRED));
		}

		@Test
		void anUnsupportedTokenVersion() {
			assertReason(token((c) -> c.put("v", 3)), TokenRejectionReason.MALFORMED);
		}

		@Test
		void aClaimOfTheWrongType() {
			assertReason(token((c) -> {
				c.put("org_id", "org_1");
				c.put("org_permissions", "not-a-list");
			}), TokenRejectionReason.MALFORMED);
			assertReason(token((c) -> c.put("sid", 42)), TokenRejectionReason.MALFORMED);
		}

	}

	@Nested
	class Configuration {

		@Test
		void pendingSessionsCanBeAccepted() {
			NimbusClerkTokenVerifier lenient = builder().acceptPendingSessions(true).build();
			assertThat(lenient.verify(token((c) -> c.put("sts", "pending"))).isPending()).isTrue();
		}

		@Test
		void withoutAuthorizedPartiesAzpIsNotChecked() {
			NimbusClerkTokenVerifier open = builder().authorizedParties(List.of()).build();
			assertThat(open.verify(token((c) -> c.remove("azp")))).isNotNull();
			assertThat(open.verify(token((c) -> c.put("azp", "https://anywhere.example")))).isNotNull();
		}

		@Test
		void audIsNotAReasonToRefuseWhenNoAudiencesAreConfigured() {
			assertThat(verifier.verify(token((c) -> c.put("aud", "some-api"))).audience()).containsExactly("some-api");
		}

		@Test
		void audMustMatchWhenAudiencesAreConfigured() {
			NimbusClerkTokenVerifier strict = builder().audiences(List.of("orders-api")).build();
			assertThat(strict.verify(token((c) -> c.put("aud", List.of("x", "orders-api"))))).isNotNull();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> strict.verify(token((c) -> c.put("aud", "billing-api"))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_AUDIENCE));
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> strict.verify(token((c) -> {
			}))).satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_AUDIENCE));
		}

		@Test
		void theClockSkewIsConfigurable() {
			NimbusClerkTokenVerifier strict = builder().clockSkew(Duration.ZERO).build();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> strict.verify(token((c) -> c.put("exp", NOW.minusSeconds(1).getEpochSecond()))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
		}

		@Test
		void withoutAKnownIssuerIssIsNotChecked() {
			NimbusClerkTokenVerifier unknownInstance = builder().issuer(null).build();
			assertThat(unknownInstance.verify(token((c) -> c.put("iss", "https://anything.example")))).isNotNull();
		}

		private NimbusClerkTokenVerifier.Builder builder() {
			return NimbusClerkTokenVerifier.withKeys(new PemKeySource(rsaPublicKey()))
				.issuer(TestJwts.ISSUER)
				.authorizedParties(List.of(TestJwts.PARTY))
				.clock(clock);
		}

	}

	private static RSAPublicKey rsaPublicKey() {
		try {
			return TestJwts.KEY.toRSAPublicKey();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = TestJwts.claims(NOW);
		change.accept(claims);
		return TestJwts.sign(claims);
	}

	private void assertReason(String token, TokenRejectionReason reason) {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

	private static JWTClaimsSet claimsSet(Map<String, Object> claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.forEach(builder::claim);
		return builder.build();
	}

}
