package dev.clerkusers.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.clerkusers.security.ClerkAuthenticationResponse.UnusedSessionCookie;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkSessionCookie}: which cookie holds a request's token, as
 * {@code @clerk/backend} chooses.
 */
class ClerkSessionCookieTests {

	private static final String PUBLISHABLE_KEY = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";

	private static final String ISSUER = "https://clerk.example.com";

	private final ClerkSessionCookie cookie = ClerkSessionCookie.named(ClerkSessionCookie.NAME)
		.suffixedFor(PUBLISHABLE_KEY)
		.ofIssuer(ISSUER);

	/**
	 * The suffix is the first eight characters of the URL-safe Base64 of the key's SHA-1
	 * (Clerk's getCookieSuffix); the expected values were computed apart from this code.
	 */
	@Test
	void theSuffixIsClerks() {
		assertThat(ClerkSessionCookie.suffix(PUBLISHABLE_KEY)).isEqualTo("l2OS3d9k");
		assertThat(ClerkSessionCookie.suffix("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k")).isEqualTo("naoXFJnI");
	}

	@Test
	void theInstancesSuffixedCookieComesFirst() {
		String mine = token(ISSUER);
		String other = token("https://clerk.other.example");
		assertThat(this.cookie.token(jar("__session_l2OS3d9k", mine, "__session", other))).isEqualTo(mine);
	}

	@Test
	void thePlainCookieIsReadWhenItIsOfThisInstance() {
		String mine = token(ISSUER);
		assertThat(this.cookie.token(jar("__session", mine))).isEqualTo(mine);
	}

	/**
	 * Black-box run 109: a plain {@code __session} that is no token at all (a cookie of
	 * another tool of that common name: Firebase Hosting passes only a cookie so named)
	 * was refused as a malformed token, on every page, the sign-in page included. Only a
	 * token naming this instance's issuer is this instance's; the suffixed cookie,
	 * Clerk's own name for the instance, is still left to verification.
	 */
	@Test
	void aPlainCookieThatNamesNoIssuerIsNoToken() {
		assertThat(this.cookie.token(jar("__session", "garbage"))).isNull();
		assertThat(this.cookie.token(jar("__session", "a.b.c"))).isNull();
		String noIssuer = Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
		assertThat(this.cookie.token(jar("__session", "e30." + noIssuer + ".c2ln"))).isNull();
		assertThat(this.cookie.token(jar("__session_l2OS3d9k", "garbage"))).as("left to verification")
			.isEqualTo("garbage");
		assertThat(ClerkSessionCookie.named("__session").token(jar("__session", "garbage")))
			.as("without a known issuer, verification decides")
			.isEqualTo("garbage");
	}

	/**
	 * Black-box run 132: an API key in the plain {@code __session} cookie, naming no
	 * issuer, was taken for another tool's cookie, so the request went on anonymous and
	 * got the entry point's 401 without a reason, where rule M3 refuses a machine token
	 * in a cookie with {@code token-type-mismatch}. A machine token's form is Clerk's,
	 * and is left to that rule.
	 */
	@Test
	void aPlainCookieOfAMachineTokensFormIsLeftToTheRuleThatRefusesIt() {
		for (String machine : new String[] { "ak_live_1234567890", "mt_1234567890", "oat_1234567890" }) {
			assertThat(this.cookie.token(jar("__session", machine))).isEqualTo(machine);
		}
	}

	@Test
	void oneTrailingSlashDoesNotMakeAnotherIssuer() {
		String mine = token(ISSUER);
		assertThat(ClerkSessionCookie.named("__session").ofIssuer(ISSUER + "/").token(jar("__session", mine)))
			.isEqualTo(mine);
		String slashed = token(ISSUER + "/");
		assertThat(this.cookie.token(jar("__session", slashed))).isEqualTo(slashed);
	}

	@Test
	void aPlainCookieOfAnotherInstanceIsNoToken() {
		assertThat(this.cookie.token(jar("__session", token("https://clerk.other.example")))).isNull();
		assertThat(ClerkSessionCookie.named("__session").token(jar("__session", token("https://clerk.other.example"))))
			.as("without a known issuer, verification decides")
			.isNotNull();
	}

	/**
	 * Black-box run 181 F4: of two plain cookies, another instance's first, the first was
	 * taken and found foreign; the first of this instance is the token.
	 */
	@Test
	void theFirstPlainCookieOfThisInstanceIsReadAfterAnotherInstances() {
		String mine = token(ISSUER);
		String other = token("https://clerk.other.example");
		assertThat(this.cookie
			.token((name) -> name.equals("__session") ? List.of(other, "garbage", mine, token(ISSUER)) : List.of()))
			.isSameAs(mine);
		assertThat(this.cookie.token((name) -> name.equals("__session") ? List.of(other, "garbage") : List.of()))
			.isNull();
		assertThat(this.cookie.token((name) -> name.equals("__session_l2OS3d9k") ? List.of(" ", "garbage") : List.of()))
			.as("the first suffixed cookie with a value, left to verification")
			.isEqualTo("garbage");
	}

	/**
	 * Black-box run 310 F1: a quoted value, which RFC 6265 allows and Clerk's cookie
	 * parser unwraps (as Reactor Netty does), was read with its quotes on Tomcat and
	 * refused as malformed, on every page, the sign-in page included.
	 */
	@Test
	void aQuotedValueIsReadWithoutItsQuotes() {
		String mine = token(ISSUER);
		assertThat(this.cookie.token(jar("__session", "\"" + mine + "\""))).isEqualTo(mine);
		assertThat(this.cookie.token(jar("__session_l2OS3d9k", "\"" + mine + "\""))).isEqualTo(mine);
		assertThat(this.cookie.token(jar("__session", "\"\""))).isNull();
		assertThat(this.cookie.token(jar("__session", "\""))).isNull();
	}

	/**
	 * Black-box run 356 F2: a value with whitespace around it, which Tomcat trims before
	 * the library sees it, was taken for no token of this instance where a container (or
	 * MockMvc) passes it as sent. It is trimmed when read, as the bearer header is.
	 */
	@Test
	void aValueIsReadWithoutTheWhitespaceAroundIt() {
		String mine = token(ISSUER);
		assertThat(this.cookie.token(jar("__session", "  " + mine + " "))).isEqualTo(mine);
		assertThat(this.cookie.token(jar("__session_l2OS3d9k", " " + mine + "\t"))).isEqualTo(mine);
		assertThat(this.cookie.token(jar("__session", " \"" + mine + "\" "))).isEqualTo(mine);
	}

	/**
	 * Black-box run 310 F3: a plain cookie whose payload named this instance's issuer,
	 * while the rest was no JWT ({@code !} before it, {@code *} or padding in its header,
	 * a header that is no JSON), was taken for this instance's token and refused as
	 * malformed, on the sign-in page too. Only the form the verifier reads is a token.
	 */
	@Test
	void aPlainCookieThatIsNoJwtIsNoTokenWhateverItsPayloadNames() {
		String mine = token(ISSUER);
		String[] parts = mine.split("\\.");
		assertThat(this.cookie.token(jar("__session", "!" + mine))).isNull();
		assertThat(this.cookie.token(jar("__session", parts[0] + "*." + parts[1] + "." + parts[2]))).isNull();
		assertThat(this.cookie.token(jar("__session", parts[0] + "==." + parts[1] + "." + parts[2]))).isNull();
		assertThat(this.cookie.token(jar("__session", mine + "="))).isNull();
		String notJson = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("not json".getBytes(StandardCharsets.UTF_8));
		assertThat(this.cookie.token(jar("__session", notJson + "." + parts[1] + "." + parts[2]))).isNull();
		assertThat(this.cookie.token(jar("__session", mine))).isEqualTo(mine);
	}

	@Test
	void noCookieNoToken() {
		assertThat(this.cookie.token(jar())).isNull();
		assertThat(this.cookie.token(jar("__session", " "))).isNull();
	}

	@Test
	void whyACookieGaveNoTokenIsToldApart() {
		String other = token("https://clerk.other.example");
		assertThat(UnusedSessionCookie.of(this.cookie, null, jar("__session", other)))
			.isEqualTo(UnusedSessionCookie.NOT_OF_THIS_INSTANCE);
		assertThat(UnusedSessionCookie.of(this.cookie, null, jar("__session", "garbage")))
			.isEqualTo(UnusedSessionCookie.NOT_OF_THIS_INSTANCE);
		assertThat(UnusedSessionCookie.of(null, null, jar("__session", token(ISSUER))))
			.isEqualTo(UnusedSessionCookie.UNREAD);
		assertThat(UnusedSessionCookie.of(this.cookie, token(ISSUER), jar("__session", token(ISSUER)))).isNull();
		assertThat(UnusedSessionCookie.of(this.cookie, null, jar("__session", " "))).isNull();
		assertThat(UnusedSessionCookie.of(null, null, jar("other", "value"))).isNull();
		ClerkSessionCookie renamed = ClerkSessionCookie.named("clerk_token").ofIssuer(ISSUER);
		assertThat(UnusedSessionCookie.of(renamed, null, jar("clerk_token", other)))
			.isEqualTo(UnusedSessionCookie.NOT_OF_THIS_INSTANCE);
		assertThat(UnusedSessionCookie.of(renamed, null, jar("__session", other))).isNull();
	}

	/**
	 * A request's cookies, one value per name.
	 */
	private static Function<String, List<String>> jar(String... namesAndValues) {
		Map<String, List<String>> cookies = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			cookies.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
		}
		return (name) -> cookies.getOrDefault(name, List.of());
	}

	/**
	 * The shape of a token with an issuer; its signature is not read here.
	 */
	private static String token(String issuer) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(("{\"iss\":\"" + issuer + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

}
