package dev.clerkusers.test.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import dev.clerkusers.api.MachineTokenResource;
import dev.clerkusers.test.backend.FakeClerkBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The kit's machine JWTs: header parameters set as on session tokens, so that every rule
 * of the library's machine-token verification can be tested.
 */
class MachineTokenBuilderTests {

	private final ClerkTestTokens tokens = ClerkTestTokens.generate();

	/**
	 * testing.md: {@code header(name, value)} sets a registered parameter ({@code crit},
	 * {@code jku}) as it sets a custom one; black-box run 52 found it refused them, so no
	 * test could make the tokens that rule M7 refuses.
	 */
	@Test
	void registeredHeaderParametersAreSetAsCustomOnesAre() throws ParseException {
		JWSHeader header = SignedJWT
			.parse(this.tokens.m2mToken("mch_sender")
				.header("crit", List.of("exp"))
				.header("jku", "https://elsewhere.example/jwks")
				.header("cat", null)
				.sign())
			.getHeader();
		assertThat(header.getCriticalParams()).containsExactly("exp");
		assertThat(header.getJWKURL()).hasToString("https://elsewhere.example/jwks");
		assertThat(header.getCustomParams()).doesNotContainKey("cat");
		assertThat(header.getKeyID()).isEqualTo(this.tokens.keyId());
		String emptyCritical = this.tokens.m2mToken("mch_sender").header("crit", List.of()).sign();
		assertThat(new String(Base64.getUrlDecoder().decode(emptyCritical.substring(0, emptyCritical.indexOf('.'))),
				StandardCharsets.UTF_8))
			.as("an empty list signed as it was set")
			.contains("\"crit\":[]");
	}

	/**
	 * Black-box run 116: {@code claim("exp", null)} and a claim of {@code nbf} or
	 * {@code iat} were written over by the builder's own times, so no test could make a
	 * machine JWT without {@code exp}, or not yet valid, as rule M7 refuses.
	 */
	@Test
	void theTimeClaimsAreSetOrLeftOutAsAnyOther() throws ParseException {
		var claims = SignedJWT
			.parse(this.tokens.m2mToken("mch_sender").claim("exp", null).claim("nbf", 4102444800L).sign())
			.getJWTClaimsSet();
		assertThat(claims.getClaims()).doesNotContainKey("exp").containsKey("iat");
		assertThat(claims.getNotBeforeTime()).hasSameTimeAs("2100-01-01T00:00:00Z");
		var issued = SignedJWT.parse(this.tokens.oauthToken("user_1").claim("iat", 4102444800L).sign())
			.getJWTClaimsSet();
		assertThat(issued.getIssueTime()).hasSameTimeAs("2100-01-01T00:00:00Z");
		assertThat(issued.getClaims()).containsKeys("nbf", "exp");
	}

	/**
	 * Review of 8968066: {@code kid} and {@code typ} are set and left out as on session
	 * tokens, and {@code alg} is refused rather than failing the signature.
	 */
	@Test
	void theKeyIdAndTypeAreSetOrLeftOutAndTheAlgorithmIsNot() throws ParseException {
		JWSHeader set = SignedJWT
			.parse(this.tokens.oauthToken("user_1").header("kid", "ins_elsewhere").header("typ", "JWT").sign())
			.getHeader();
		assertThat(set.getKeyID()).isEqualTo("ins_elsewhere");
		assertThat(set.getType()).hasToString("JWT");
		JWSHeader omitted = SignedJWT.parse(this.tokens.m2mToken("mch_sender").header("kid", null).sign()).getHeader();
		assertThat(omitted.getKeyID()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.m2mToken("mch_sender").header("alg", "HS256"))
			.withMessageContaining("RS256");
	}

	/**
	 * Black-box run 106: a token marked {@code b64: false} keeps its payload encoded, so
	 * that it is three segments and reaches the rule that refuses the mark.
	 */
	@Test
	void aTokenMarkedUnencodedKeepsItsPayloadEncoded() throws ParseException {
		String token = this.tokens.m2mToken("mch_sender").header("b64", false).sign();
		assertThat(token.split("\\.", -1)).hasSize(3);
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().isBase64URLEncodePayload()).isFalse();
		assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
			.contains("\"sub\":\"mch_sender\"");
	}

	@Test
	void aHeaderValueThatJoseDoesNotAllowIsRefusedWithItsReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.m2mToken("mch_sender").header("crit", "exp").sign())
			.withMessageContaining("crit");
	}

	/**
	 * Black-box run 198, F4: a {@code null} argument was taken, and failed later with the
	 * JDK's words ({@code "amountToAdd" is null} at {@code sign()}, a bare
	 * {@code NullPointerException} for a {@code null} scope), or was signed; it is
	 * refused at once, naming the argument, as the session token builder does.
	 */
	@Test
	@SuppressWarnings("NullAway")
	void aNullArgumentIsRefusedAtOnceNamingIt() {
		MachineTokenBuilder m2m = this.tokens.m2mToken("mch_a");
		assertThatNullPointerException().isThrownBy(() -> m2m.lifetime(null)).withMessage("lifetime must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.type(null)).withMessage("type must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.scopes((String[]) null))
			.withMessage("scopes must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.scopes("a", null))
			.withMessage("scopes[1] must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.audience((String[]) null))
			.withMessage("audience must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.audience(null, "b"))
			.withMessage("audience[0] must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.clientId(null)).withMessage("clientId must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.claim(null, "x")).withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.header(null, "x")).withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> m2m.signedBy(null)).withMessage("other must not be null");
		assertThat(m2m.sign()).isNotEmpty();
	}

	/**
	 * Black-box run 238 F3: {@code scopes("a b")} joined into a claim the application
	 * read as two scopes, so a test's mistake passed unseen; a scope the library refuses
	 * is refused here, where a malformed claim is still written with {@code claim(…)}.
	 */
	@Test
	void aScopeThatIsEmptyOrHoldsWhitespaceIsRefusedAtOnce() {
		for (String scope : new String[] { "a b", "", "a\tb", "a\u00a0b" }) {
			assertThatIllegalArgumentException().as(scope)
				.isThrownBy(() -> this.tokens.oauthToken("user_1").scopes("read", scope))
				.withMessageContaining("is refused as a scope");
			assertThatIllegalArgumentException().as(scope)
				.isThrownBy(() -> this.tokens.m2mToken("mch_sender").scopes(scope));
		}
	}

	/**
	 * The kit keeps its own copy of the library's rule for a scope, so that its stand-ins
	 * need nothing of the library (review 272 F8): the two agree.
	 */
	@Test
	void aScopeIsRefusedExactlyWhenTheLibraryRefusesIt() {
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			for (String scope : new String[] { "read", "read:users", "a b", "", "a\tb", "a\u00a0b", "a\u2003b", "é" }) {
				boolean library = MachineTokenResource.isScope(scope);
				assertThat(refuses(() -> this.tokens.m2mToken("mch_sender").scopes(scope))).as("builder: " + scope)
					.isEqualTo(!library);
				assertThat(refuses(() -> clerk.createApiKey("user_1", scope))).as("fake Clerk: " + scope)
					.isEqualTo(!library);
			}
		}
	}

	private static boolean refuses(Runnable call) {
		try {
			call.run();
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

}
