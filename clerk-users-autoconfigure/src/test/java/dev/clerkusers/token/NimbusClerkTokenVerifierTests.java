package dev.clerkusers.token;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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

	/**
	 * Before any key was fetched, while Clerk cannot be reached, a token that its own
	 * {@code exp} or {@code nbf} already refuses is refused as such rather than answered
	 * as an outage: an idle tab's expired {@code __session} cookie is then no token
	 * either, so public pages, the login page and a staff member's form login answer
	 * (black-box run 221). A token that needs its signature checked is still an outage,
	 * and nothing is accepted unverified.
	 */
	@Test
	void withoutKeysATokenRefusedByItsOwnTimesIsRefusedAndAnyOtherIsAnOutage() {
		ClerkKeySource unavailable = (header) -> {
			throw new ClerkTokenException(TokenRejectionReason.KEYS_UNAVAILABLE, "Clerk cannot be reached");
		};
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier.withKeys(unavailable).clock(this.clock).build();
		assertRefused(verifier, TestJwts.sign(TestJwts.claims(NOW.minusSeconds(3600))), TokenRejectionReason.EXPIRED);
		Map<String, Object> notYet = TestJwts.claims(NOW);
		notYet.put("nbf", NOW.plusSeconds(3600).getEpochSecond());
		assertRefused(verifier, TestJwts.sign(notYet), TokenRejectionReason.NOT_ACTIVE_YET);
		assertRefused(verifier, TestJwts.sign(TestJwts.claims(NOW)), TokenRejectionReason.KEYS_UNAVAILABLE);
		Map<String, Object> withinSkew = TestJwts.claims(NOW.minusSeconds(62));
		assertRefused(verifier, TestJwts.sign(withinSkew), TokenRejectionReason.KEYS_UNAVAILABLE);
	}

	/**
	 * Rule 10: a key that cannot check a signature at all (one the JDK refuses, here a
	 * 256-bit modulus) refuses the token as unverifiable, never accepts it. Review run
	 * 252: no test reached this refusal.
	 */
	@Test
	void aKeyThatCannotCheckTheSignatureRefusesTheTokenAsUnverifiable() throws JOSEException {
		RSAPublicKey key = TestJwts.KEY.toRSAPublicKey();
		RSAPublicKey tooShort = new RSAPublicKey() {

			@Override
			public BigInteger getModulus() {
				return BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE);
			}

			@Override
			public BigInteger getPublicExponent() {
				return key.getPublicExponent();
			}

			@Override
			public String getAlgorithm() {
				return "RSA";
			}

			@Override
			public String getFormat() {
				return "X.509";
			}

			@Override
			public byte[] getEncoded() {
				return key.getEncoded();
			}

		};
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier.withKeys((header) -> tooShort)
			.clock(this.clock)
			.build();
		assertRefused(verifier, TestJwts.sign(TestJwts.claims(NOW)), TokenRejectionReason.VERIFICATION_FAILED);
	}

	/**
	 * Clerk's key id is its instance's id, so a key Clerk rotates keeps its id, and no
	 * unknown key id shows the rotation (black-box run 340: the new key's tokens were
	 * refused until the keys' next refresh, up to four minutes). A signature that fails
	 * with the key held under its id starts a fetch of the key set in the background, at
	 * most one per refetch interval, as an unknown key id does; the token is refused, and
	 * once the fetch has run the new key verifies and the old one no longer does.
	 */
	@Test
	void aKeyReplacedUnderItsKeyIdIsFetchedAgainOnceASignatureFailsWithIt() {
		MutableClock clock = new MutableClock(NOW);
		JwksKeySourceTests.CountingFetcher fetcher = new JwksKeySourceTests.CountingFetcher(TestJwts.KEY);
		Queue<Runnable> background = new ArrayDeque<>();
		NimbusClerkTokenVerifier verifier = NimbusClerkTokenVerifier
			.withKeys(new JwksKeySource(fetcher, Duration.ofMinutes(5), Duration.ofSeconds(30), clock, background::add))
			.clock(clock)
			.build();
		String signedBefore = TestJwts.sign(TestJwts.claims(NOW));
		verifier.verify(signedBefore);
		RSAKey rotated = TestJwts.rsaKey(TestJwts.KEY.getKeyID());
		fetcher.serve(rotated);
		String signedAfter = TestJwts.sign(rotated, TestJwts.header(rotated).build(), TestJwts.claims(NOW));
		assertRefused(verifier, signedAfter, TokenRejectionReason.INVALID_SIGNATURE);
		assertRefused(verifier, signedAfter, TokenRejectionReason.INVALID_SIGNATURE);
		assertThat(fetcher.count()).as("no request waited for a fetch").isOne();
		assertThat(background).as("one fetch started, however many tokens").hasSize(1);
		background.remove().run();
		assertThat(fetcher.count()).isEqualTo(2);
		assertThat(verifier.verify(signedAfter).userId()).isEqualTo("user_1");
		assertRefused(verifier, signedBefore, TokenRejectionReason.INVALID_SIGNATURE);
		assertThat(background).as("no second fetch within the refetch interval").isEmpty();
		clock.advance(Duration.ofSeconds(30));
		assertRefused(verifier, signedBefore, TokenRejectionReason.INVALID_SIGNATURE);
		assertRefused(verifier, signedBefore, TokenRejectionReason.INVALID_SIGNATURE);
		assertThat(background).as("one fetch per refetch interval").hasSize(1);
	}

	private static void assertRefused(NimbusClerkTokenVerifier verifier, String token, TokenRejectionReason reason) {
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

	/**
	 * Reactive applications verify on the request's thread only tokens decided without a
	 * key fetch: a held key, or a token refused before a key is needed; never with
	 * application rules, which may do anything.
	 */
	@Test
	void verifiesWithoutBlockingOnlyWhatNeedsNoFetch() throws Exception {
		String token = TestJwts.sign(TestJwts.claims(NOW));
		assertThat(this.verifier.verifiesWithoutBlocking(token)).as("no keys fetched yet").isFalse();
		assertThat(this.verifier.verifiesWithoutBlocking("not-a-token")).as("refused before a key is needed").isTrue();
		this.verifier.verify(token);
		assertThat(this.verifier.verifiesWithoutBlocking(token)).as("the key is held").isTrue();
		NimbusClerkTokenVerifier withRules = NimbusClerkTokenVerifier
			.withKeys(new PemKeySource(TestJwts.KEY.toRSAPublicKey()))
			.validators(List.of((jwt) -> OAuth2TokenValidatorResult.success()))
			.clock(this.clock)
			.build();
		assertThat(withRules.verifiesWithoutBlocking(token)).as("application rules may block").isFalse();
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

		/**
		 * Clerk's machine (M2M) JWTs have a subject of {@code mch_…}; minted before the
		 * {@code cat} header, they have no category to tell them apart.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "mch_2abc", "mch_" })
		void machineJwtsByTheirSubject(String subject) {
			assertReason(token((c) -> c.put("sub", subject)), TokenRejectionReason.MACHINE_TOKEN);
		}

		/**
		 * An M2M JWT as Clerk mints it has no session claims: it is told by its subject
		 * before a missing {@code sid} would refuse it as a broken session token.
		 */
		@Test
		void machineJwtsWithoutSessionClaimsByTheirSubject() {
			assertReason(token((c) -> {
				c.put("sub", "mch_2abc");
				c.remove("sid");
			}), TokenRejectionReason.MACHINE_TOKEN);
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

		@ParameterizedTest
		@ValueSource(strings = { "jwt", "AT+JWT", "Jwt", "application/jwt", "JWT ", "" })
		void aTypeOtherThanExactlyJwt(String type) {
			String token = TestJwts.sign(TestJwts.KEY,
					TestJwts.header(TestJwts.KEY).type(new JOSEObjectType(type)).build(), TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.INVALID_TYPE);
		}

		/**
		 * OAuth access-token JWTs ({@code typ: at+jwt}) and M2M JWTs ({@code cat} of the
		 * M2M category) are machine tokens: refused as a type a session-token endpoint
		 * does not accept, as {@code @clerk/backend}'s {@code authenticateRequest} does,
		 * from the header alone.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "typ=at+jwt", "typ=application/at+jwt", "cat=cl_B7d4PD333AAA" })
		void machineJwtsByTheirTypeOrCategory(String parameter) {
			String name = parameter.substring(0, 3);
			String value = parameter.substring(4);
			JWSHeader.Builder header = TestJwts.header(TestJwts.OTHER_KEY);
			if (name.equals("typ")) {
				header.type(new JOSEObjectType(value));
			}
			else {
				header.customParam(name, value);
			}
			// Signed by a key the instance does not have: refused before any key lookup.
			assertReason(TestJwts.sign(TestJwts.OTHER_KEY, header.build(), TestJwts.claims(NOW)),
					TokenRejectionReason.TYPE_NOT_ACCEPTED);
		}

		@Test
		void acceptsATypeOfJwtOrNone() {
			assertThat(verifier.verify(TestJwts.signJson(header("typ", "\"JWT\""), payload()))).isNotNull();
			assertThat(verifier.verify(TestJwts.signJson(headerWithout("typ"), payload()))).isNotNull();
		}

		@ParameterizedTest
		@ValueSource(strings = { "cl_B7d4PD222AAA", "unknown", "", "cl_b7d4pd111aaa", "cl_b7d4pd333aaa",
				" cl_B7d4PD111AAA", "cl_I7d4PD111III " })
		void jwtTemplatesAndUnknownCategories(String category) {
			String token = TestJwts.sign(TestJwts.KEY,
					TestJwts.header(TestJwts.KEY).customParam("cat", category).build(), TestJwts.claims(NOW));
			assertReason(token, TokenRejectionReason.NOT_A_SESSION_TOKEN);
		}

		/**
		 * The session category, and the "ignore" category that instances with
		 * {@code use_ignore_jwt_cat} stamp on every token (as {@code @clerk/backend}'s
		 * {@code isNonSessionJwtCategory} does), or none.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "cl_B7d4PD111AAA", "cl_I7d4PD111III", "(none)" })
		void acceptsTheSessionAndIgnoreCategories(String category) {
			JWSHeader.Builder header = TestJwts.header(TestJwts.KEY);
			if (!category.equals("(none)")) {
				header.customParam("cat", category);
			}
			String token = TestJwts.sign(TestJwts.KEY, header.build(), TestJwts.claims(NOW));
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

		/**
		 * One trailing slash is the only difference allowed: nothing is trimmed, and
		 * neither case nor more slashes are normalised.
		 */
		@ParameterizedTest
		@ValueSource(strings = { " https://clerk.example.test", "https://clerk.example.test ",
				"https://clerk.example.test\0", "https://clerk.example.test/\0", "https://clerk.example.test//",
				"https://clerk.example.test///", "https://clerk.example.test\t", "https://clerk.example.test\n",
				"\uFEFFhttps://clerk.example.test", "https://clerk.example.test/ ", "HTTPS://clerk.example.test",
				"https://Clerk.Example.Test", "https://clerk.example.test/.", "" })
		void anIssuerDifferingByMoreThanOneTrailingSlash(String issuer) {
			assertReason(token((c) -> c.put("iss", issuer)), TokenRejectionReason.INVALID_ISSUER);
		}

		@Test
		void anIssuerDifferingByMoreThanOneTrailingSlashFromAConfiguredOneWithASlash() {
			NimbusClerkTokenVerifier slashed = NimbusClerkTokenVerifier.withKeys(new PemKeySource(rsaPublicKey()))
				.issuer(TestJwts.ISSUER + "/")
				.clock(clock)
				.build();
			assertThat(slashed.verify(token((c) -> c.put("iss", TestJwts.ISSUER)))).isNotNull();
			assertThat(slashed.verify(token((c) -> c.put("iss", TestJwts.ISSUER + "/")))).isNotNull();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> slashed.verify(token((c) -> c.put("iss", TestJwts.ISSUER + "//"))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_ISSUER));
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
		@ValueSource(strings = { "https://app.example.test/", "HTTPS://App.Example.Test", "HTTPS://App.Example.Test/" })
		void acceptsTheAuthorizedPartyWithATrailingSlashOrInAnotherCase(String party) {
			assertThat(verifier.verify(token((c) -> c.put("azp", party)))).isNotNull();
		}

		/**
		 * One trailing slash and the case of ASCII letters in scheme and host are the
		 * only differences allowed: nothing is trimmed, and no more slashes are dropped.
		 */
		@ParameterizedTest
		@ValueSource(strings = { " https://app.example.test", "https://app.example.test ", "https://app.example.test\0",
				"https://app.example.test/\0", "https://app.example.test//", "https://app.example.test///",
				"\thttps://app.example.test", "https://app.example.test\r\n", "https://app.example.test/ ",
				"https://app.example.test:443", "https://app.example.test/.", "" })
		void anAuthorizedPartyDifferingByMoreThanOneTrailingSlashOrCase(String party) {
			assertReason(token((c) -> c.put("azp", party)), TokenRejectionReason.INVALID_AUTHORIZED_PARTY);
		}

		/**
		 * Only ASCII letters are put in lower case: the Kelvin sign (U+212A), which Java
		 * puts in lower case as {@code k}, is not a {@code K}.
		 */
		@Test
		void anAuthorizedPartyEqualOnlyInUnicodeCase() {
			NimbusClerkTokenVerifier kiosk = NimbusClerkTokenVerifier.withKeys(new PemKeySource(rsaPublicKey()))
				.authorizedParties(List.of("https://kiosk.example.test"))
				.clock(clock)
				.build();
			assertThat(kiosk.verify(token((c) -> c.put("azp", "https://KIOSK.example.test")))).isNotNull();
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> kiosk.verify(token((c) -> c.put("azp", "https://\u212Aiosk.example.test"))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.INVALID_AUTHORIZED_PARTY));
		}

		/**
		 * An authorized party with a path keeps its path, in its case: only the scheme
		 * and host are put in lower case, and another origin or another path is refused.
		 */
		@Test
		void anAuthorizedPartyWithAPath() {
			NimbusClerkTokenVerifier portal = NimbusClerkTokenVerifier.withKeys(new PemKeySource(rsaPublicKey()))
				.authorizedParties(List.of("https://App.Example.test/Portal/"))
				.clock(clock)
				.build();
			assertThat(portal.verify(token((c) -> c.put("azp", "https://app.example.test/Portal")))).isNotNull();
			for (String other : List.of("https://evil.example/x", "https://app.example.test/portal",
					"https://app.example.test/Portal/x", "https://app.example.test")) {
				assertThatExceptionOfType(ClerkTokenException.class)
					.isThrownBy(() -> portal.verify(token((c) -> c.put("azp", other))))
					.satisfies((ex) -> assertThat(ex.getReason())
						.isEqualTo(TokenRejectionReason.INVALID_AUTHORIZED_PARTY));
			}
			assertThat(NimbusClerkTokenVerifier.normalizeOrigin("HTTPS://App.Example.test/Portal/"))
				.isEqualTo("https://app.example.test/Portal");
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

		/**
		 * A claim present with the wrong type is malformed, {@code null} included (as for
		 * {@code @clerk/backend}, which refuses a {@code null} {@code exp}, {@code nbf},
		 * {@code iat} or {@code sub}): never taken as absent.
		 */
		@ParameterizedTest(name = "{0}: {1}")
		@CsvSource(delimiter = '|',
				value = { "nbf|null", "iat|null", "exp|null", "sub|null", "sid|null", "azp|null", "iss|null",
						"sts|null", "jti|null", "v|null", "aud|null", "nbf|'\"1780315190\"'", "iat|true",
						"exp|'\"1780315260\"'", "exp|[1780315260]", "exp|{}", "sub|42", "aud|[1]", "azp|[]" })
		void aClaimPresentWithTheWrongTypeNullIncluded(String claim, String rawValue) {
			assertReason(TestJwts.signJson(TestJwts.headerJson(), payload(claim, rawValue)),
					TokenRejectionReason.MALFORMED);
		}

		/**
		 * A header parameter with a type (RFC 7515's, RFC 7797's {@code b64}, Clerk's
		 * {@code cat}) present with the wrong type is malformed, {@code null} included.
		 */
		@ParameterizedTest(name = "{0}: {1}")
		@CsvSource(delimiter = '|',
				value = { "typ|null", "kid|null", "cat|null", "cty|null", "jwk|null", "jku|null", "x5c|null",
						"x5t|null", "b64|null", "alg|null", "typ|5", "typ|[\"JWT\"]", "cat|5", "cat|true",
						"cat|[\"cl_B7d4PD111AAA\"]", "b64|'\"false\"'", "b64|0", "kid|5", "alg|256", "jwk|'\"key\"'" })
		void aHeaderParameterPresentWithTheWrongTypeNullIncluded(String parameter, String rawValue) {
			assertReason(TestJwts.signJson(header(parameter, rawValue), payload()), TokenRejectionReason.MALFORMED);
		}

		@Test
		void acceptsInformationalAndCustomClaimsThatAreNull() {
			Map<String, String> claims = TestJwts.rawClaims(NOW);
			for (String claim : List.of("act", "fva", "fea", "pla", "org_id", "org_slug", "org_permissions", "tier")) {
				claims.put(claim, "null");
			}
			ClerkSessionClaims verified = verifier
				.verify(TestJwts.signJson(TestJwts.headerJson(), TestJwts.json(claims)));
			assertThat(verified.actor()).isEmpty();
			assertThat(verified.organization()).isEmpty();
			assertThat(verified.claims()).doesNotContainKey("tier");
			claims.put("v", "2");
			claims.put("o", "null");
			assertThat(verifier.verify(TestJwts.signJson(TestJwts.headerJson(), TestJwts.json(claims))).organization())
				.isEmpty();
		}

		/**
		 * Only base64url without padding is a compact JWS (RFC 7515): the standard
		 * alphabet, padding, whitespace anywhere (even around the token), a length no
		 * encoding has and bits set after the last byte are malformed. The header and
		 * payload are signed as written, so only their form is wrong.
		 */
		@ParameterizedTest(name = "{0}")
		@MethodSource("notBase64urlWithoutPadding")
		void segmentsThatAreNotBase64urlWithoutPadding(String variant, String token) {
			assertReason(token, TokenRejectionReason.MALFORMED);
		}

		static Stream<Arguments> notBase64urlWithoutPadding() {
			String header = TestJwts.base64url(header("x", "\"???>>>\""));
			String payload = TestJwts.base64url(payload("x", "\"???>>>\""));
			assertThat(header).containsAnyOf("-", "_");
			assertThat(payload).containsAnyOf("-", "_");
			String token = signatureWithUrlCharacters();
			int dot = token.lastIndexOf('.');
			String signed = token.substring(0, dot);
			String signature = token.substring(dot + 1);
			assertThat(signature).hasSize(342);
			String paddedHeader = padded(header("pad", "\"" + "x".repeat(padding(header("pad", "\"\""))) + "\""));
			String paddedPayload = padded(payload("pad", "\"" + "x".repeat(padding(payload("pad", "\"\""))) + "\""));
			return Stream.of(
					arguments("header in the standard alphabet", TestJwts.signSegments(standard(header), payload)),
					arguments("payload in the standard alphabet", TestJwts.signSegments(header, standard(payload))),
					arguments("signature in the standard alphabet", signed + "." + standard(signature)),
					arguments("header with = padding",
							TestJwts.signSegments(paddedHeader, TestJwts.base64url(payload()))),
					arguments("payload with = padding", TestJwts.signSegments(header, paddedPayload)),
					arguments("signature with == padding", token + "=="),
					arguments("signature with one =", token + "="),
					arguments("a space inside the header", TestJwts.signSegments(insert(header, " "), payload)),
					arguments("a line feed inside the payload", TestJwts.signSegments(header, insert(payload, "\n"))),
					arguments("a CR LF inside the payload", TestJwts.signSegments(header, insert(payload, "\r\n"))),
					arguments("a tab inside the signature", signed + "." + insert(signature, "\t")),
					arguments("a space inside the signature", signed + "." + insert(signature, " ")),
					arguments("a leading space", " " + token), arguments("a trailing space", token + " "),
					arguments("a trailing line feed", token + "\n"), arguments("a trailing NUL", token + "\0"),
					arguments("a signature of a length no encoding has", token + "AAA"),
					arguments("bits set after the signature's last byte",
							token.substring(0, token.length() - 1) + withLowBitSet(token.charAt(token.length() - 1))),
					arguments("a percent-encoded header", TestJwts.signSegments(percentEncoded(header), payload)),
					arguments("four segments", token + "." + signature), arguments("two segments", signed),
					arguments("an empty header", TestJwts.signSegments("", payload)));
		}

		/**
		 * The header and the payload are one JSON object each, with no name twice at any
		 * depth, UTF-8 without a byte order mark, and nothing after the object.
		 */
		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "null header|null|", "array header|[]|",
				"string header|`\"JWT\"`|", "truncated header|`{\"alg\":\"RS256\"`|",
				"header with kid twice|`{\"alg\":\"RS256\",\"kid\":\"ins_test_key_1\",\"kid\":\"ins_test_key_1\"}`|",
				"header with alg twice|`{\"alg\":\"HS256\",\"alg\":\"RS256\",\"kid\":\"ins_test_key_1\"}`|",
				"header followed by more|`{\"alg\":\"RS256\",\"kid\":\"ins_test_key_1\"} {}`|",
				"header with a byte order mark|`\uFEFF{\"alg\":\"RS256\",\"kid\":\"ins_test_key_1\"}`|",
				"null payload||null", "array payload||[]", "empty payload||``",
				"payload with sub twice||`{\"sub\":\"user_1\",\"sub\":\"user_2\",\"sid\":\"sess_1\",\"exp\":1780315260}`",
				"payload with a name twice in act||`{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":1780315260,\"act\":{\"sub\":\"user_2\",\"sub\":\"user_3\"}}`",
				"payload with a name twice in o||`{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":1780315260,\"v\":2,\"o\":{\"id\":\"org_1\",\"id\":\"org_2\"}}`",
				"payload followed by more||`{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":1780315260}x`",
				"payload with a byte order mark||`\uFEFF{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":1780315260}`",
				"payload with NaN||`{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"exp\":NaN}`",
				"payload with single quotes||`{'sub':'user_1','sid':'sess_1','exp':1780315260}`" })
		void jsonThatIsNotOneObjectWithoutDuplicateNames(String variant, @Nullable String header,
				@Nullable String payload) {
			String token = TestJwts.signJson((header != null) ? header : TestJwts.headerJson(),
					(payload != null) ? payload : payload());
			assertReason(token, TokenRejectionReason.MALFORMED);
		}

		/**
		 * Black-box run 131: JSON is UTF-8 (RFC 8259, RFC 7519), so a header or payload
		 * with bytes that are not is malformed. Read as U+FFFD, several byte strings
		 * would be one token's claims ({@code "pending"} followed by a stray byte read as
		 * another status, say).
		 */
		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|',
				value = { "a byte 0xFF in the payload|payload|FF", "a lone continuation byte in the header|header|80",
						"an overlong slash in the payload|payload|C0AF",
						"an encoded surrogate in the payload|payload|EDA080",
						"a sequence cut short in the header|header|E282" })
		void jsonThatIsNotUtf8(String variant, String segment, String hex) {
			byte[] stray = HexFormat.of().parseHex(hex);
			String header = TestJwts.headerJson();
			String payload = payload();
			String token = segment.equals("header")
					? TestJwts.signSegments(base64url(withStringMember(header, stray)), TestJwts.base64url(payload))
					: TestJwts.signSegments(TestJwts.base64url(header), base64url(withStringMember(payload, stray)));
			assertReason(token, TokenRejectionReason.MALFORMED);
		}

		/**
		 * The JSON object's bytes with one more member, {@code "x"}, whose string holds
		 * the given bytes.
		 */
		private static byte[] withStringMember(String json, byte[] bytes) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.writeBytes(json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8));
			out.writeBytes(",\"x\":\"a".getBytes(StandardCharsets.UTF_8));
			out.writeBytes(bytes);
			out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
			return out.toByteArray();
		}

		private static String base64url(byte[] bytes) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

		/**
		 * A time beyond the range of any date (as an ECMAScript {@code Date}, where
		 * {@code @clerk/backend}'s arithmetic turns to {@code NaN} and accepts the token)
		 * is malformed: never an overflow, and never taken as a date it is not.
		 */
		@ParameterizedTest(name = "{0}: {1}")
		@CsvSource(delimiter = '|',
				value = { "exp|9223372036854775808", "exp|9223372036854775807", "exp|1e20", "exp|1e400", "exp|-1e20",
						"exp|-1e400", "exp|8640000000001", "exp|1.7976931348623157E308",
						"exp|100000000000000000000000000000000000000000", "nbf|1e20", "nbf|-8640000000001", "iat|1e400",
						"iat|-9223372036854775809" })
		void aTimeBeyondAnyDate(String claim, String rawValue) {
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> verifier.verify(TestJwts.signJson(TestJwts.headerJson(), payload(claim, rawValue))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED))
				.withMessageContaining(claim + " claim");
		}

		@Test
		void acceptsTimesUpToTheLimitDroppingFractions() {
			ClerkSessionClaims farthest = verifier
				.verify(TestJwts.signJson(TestJwts.headerJson(), payload("exp", "8640000000000.9")));
			assertThat(farthest.expiresAt()).isEqualTo(Instant.ofEpochSecond(8_640_000_000_000L));
			ClerkSessionClaims fraction = verifier
				.verify(TestJwts.signJson(TestJwts.headerJson(), payload("exp", (NOW.getEpochSecond() + 60) + ".9")));
			assertThat(fraction.expiresAt()).isEqualTo(NOW.plusSeconds(60));
			assertReason(TestJwts.signJson(TestJwts.headerJson(), payload("exp", "-8640000000000")),
					TokenRejectionReason.EXPIRED);
		}

		/**
		 * {@code b64=false} (RFC 7797) is refused, in a real RFC 7797 token with its
		 * unencoded payload as well as in a header alone.
		 */
		@ParameterizedTest(name = "{0}")
		@MethodSource("unencodedPayloads")
		void anUnencodedPayload(String variant, String token) {
			assertReason(token, TokenRejectionReason.UNENCODED_PAYLOAD);
		}

		static Stream<Arguments> unencodedPayloads() throws Exception {
			JWSObject rfc7797 = new JWSObject(
					TestJwts.header(TestJwts.KEY).base64URLEncodePayload(false).criticalParams(Set.of("b64")).build(),
					new Payload("{\"sub\":\"user_1\",\"sid\":\"sess_1\"}"));
			rfc7797.sign(new RSASSASigner(TestJwts.KEY));
			return Stream.of(arguments("an RFC 7797 token", rfc7797.serialize()),
					arguments("b64 false, not critical", TestJwts.signJson(header("b64", "false"), payload())),
					arguments("b64 false, critical",
							TestJwts.signJson(header("b64", "false", "crit", "[\"b64\"]"), payload())));
		}

		/**
		 * Any {@code crit} is refused: no critical parameter is understood, and RFC 7515
		 * requires refusing those not understood (Nimbus would accept some: an empty or
		 * {@code null} list, or {@code b64}, which it understands).
		 */
		@ParameterizedTest(name = "{0}")
		@CsvSource(delimiter = '|', quoteCharacter = '`',
				value = { "b64 true, critical|crit|`[\"b64\"]`|b64|true", "exp, critical|crit|`[\"exp\"]`|exp|1",
						"Clerk's oiat, critical|crit|`[\"oiat\"]`|oiat|1", "an empty list|crit|[]||",
						"null|crit|null||", "a string|crit|`\"b64\"`||", "a list of numbers|crit|[1]||",
						"a parameter not in the header|crit|`[\"x\"]`||" })
		void criticalHeaderParameters(String variant, String name, String rawValue, @Nullable String other,
				@Nullable String otherValue) {
			String header = (other != null) ? header(name, rawValue, other, otherValue) : header(name, rawValue);
			assertReason(TestJwts.signJson(header, payload()), TokenRejectionReason.CRITICAL_HEADER);
		}

		@Test
		void acceptsB64TrueWhenNotCritical() {
			assertThat(verifier.verify(TestJwts.signJson(header("b64", "true"), payload()))).isNotNull();
		}

		@Test
		void anEmptySignature() {
			String token = TestJwts.sign(TestJwts.claims(NOW));
			assertReason(token.substring(0, token.lastIndexOf('.') + 1), TokenRejectionReason.INVALID_SIGNATURE);
		}

		@Test
		void anUnsupportedTokenVersion() {
			assertReason(token((c) -> c.put("v", 3)), TokenRejectionReason.MALFORMED);
		}

		/**
		 * A version is a whole number, 1 or 2: a fraction, or a number past an
		 * {@code int} that would wrap round to one of them, is no version, never one cut
		 * down to 1 or 2 (a flat {@code org_*} claim would then be honoured).
		 */
		@ParameterizedTest
		@ValueSource(strings = { "1.9", "2.5", "0.99", "4294967297", "4294967298", "-4294967295", "\"2\"" })
		void aTokenVersionThatIsNotTheWholeNumberOneOrTwo(String version) {
			Map<String, String> claims = TestJwts.rawClaims(NOW);
			claims.put("v", version);
			claims.put("org_id", "\"org_flat\"");
			claims.put("org_role", "\"org:admin\"");
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> verifier.verify(TestJwts.signJson(TestJwts.headerJson(), TestJwts.json(claims))))
				.satisfies((ex) -> {
					assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED);
					assertThat(ex.getMessage()).contains("The token version (v) is ")
						.contains(version.startsWith("\"") ? "not a number" : version);
				});
		}

		/**
		 * The factor verification ages decide whether a second factor is recent: a
		 * fraction or a number past an {@code int} that would wrap round to a small age
		 * is refused, never read as a recent verification.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "[1.5,-1]", "[0,4294967297]", "[0,-4294967295]", "[0,\"1\"]", "[0]" })
		void factorVerificationAgesThatAreNotTwoWholeNumbers(String ages) {
			Map<String, String> claims = TestJwts.rawClaims(NOW);
			claims.put("fva", ages);
			assertThatExceptionOfType(ClerkTokenException.class)
				.isThrownBy(() -> verifier.verify(TestJwts.signJson(TestJwts.headerJson(), TestJwts.json(claims))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MALFORMED));
		}

		/**
		 * JSON does not tell {@code 2} from {@code 2.0}, nor does Clerk's JavaScript:
		 * both are version 2, and {@code 3.0} minutes are 3.
		 */
		@Test
		void acceptsWholeNumbersWrittenWithAFraction() {
			Map<String, String> claims = TestJwts.rawClaims(NOW);
			claims.put("v", "2.0");
			claims.put("fva", "[3.0,-1.0]");
			ClerkSessionClaims verified = verifier
				.verify(TestJwts.signJson(TestJwts.headerJson(), TestJwts.json(claims)));
			assertThat(verified.version()).isEqualTo(2);
			assertThat(verified.factorVerificationAge()).get()
				.satisfies((fva) -> assertThat(fva.firstFactorAge()).contains(Duration.ofMinutes(3)));
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

	private static String payload() {
		return TestJwts.json(TestJwts.rawClaims(NOW));
	}

	private static String payload(String claim, String rawValue) {
		Map<String, String> claims = TestJwts.rawClaims(NOW);
		claims.put(claim, rawValue);
		return TestJwts.json(claims);
	}

	/**
	 * The default header, with parameters set to raw JSON values (name, value, name,
	 * value…).
	 */
	private static String header(String... namesAndRawValues) {
		Map<String, String> header = new LinkedHashMap<>();
		header.put("alg", "\"RS256\"");
		header.put("typ", "\"JWT\"");
		header.put("kid", "\"" + TestJwts.KEY.getKeyID() + "\"");
		for (int i = 0; i < namesAndRawValues.length; i += 2) {
			header.put(namesAndRawValues[i], namesAndRawValues[i + 1]);
		}
		return TestJwts.json(header);
	}

	private static String headerWithout(String name) {
		Map<String, String> header = new LinkedHashMap<>();
		header.put("alg", "\"RS256\"");
		header.put("typ", "\"JWT\"");
		header.put("kid", "\"" + TestJwts.KEY.getKeyID() + "\"");
		header.remove(name);
		return TestJwts.json(header);
	}

	/**
	 * A valid token whose signature has a {@code -} or {@code _}, so that it has
	 * characters of its own in the standard alphabet.
	 */
	private static String signatureWithUrlCharacters() {
		for (int i = 0;; i++) {
			String token = TestJwts.signJson(TestJwts.headerJson(), payload("jti", "\"" + i + "\""));
			String signature = token.substring(token.lastIndexOf('.') + 1);
			if (signature.contains("-") || signature.contains("_")) {
				return token;
			}
		}
	}

	private static String standard(String base64url) {
		String standard = base64url.replace('-', '+').replace('_', '/');
		assertThat(standard).isNotEqualTo(base64url);
		return standard;
	}

	private static String percentEncoded(String base64url) {
		String encoded = base64url.replace("-", "%2D").replace("_", "%5F");
		assertThat(encoded).isNotEqualTo(base64url);
		return encoded;
	}

	/** How many characters to add to a JSON text for its base64 to need padding. */
	private static int padding(String json) {
		return (json.getBytes(StandardCharsets.UTF_8).length % 3 == 0) ? 1 : 0;
	}

	private static String padded(String json) {
		String padded = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
		assertThat(padded).endsWith("=");
		return padded;
	}

	private static String insert(String segment, String text) {
		int middle = segment.length() / 2;
		return segment.substring(0, middle) + text + segment.substring(middle);
	}

	private static char withLowBitSet(char last) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		return alphabet.charAt(alphabet.indexOf(last) | 1);
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
