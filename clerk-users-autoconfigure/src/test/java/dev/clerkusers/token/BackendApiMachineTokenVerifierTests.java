package dev.clerkusers.token;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BackendApiMachineTokenVerifier} against a server that answers for Clerk's
 * Backend API: an answer it cannot read is an unavailable verification (503, try again),
 * never an error of the application; the expiry Clerk reports is judged with the clock
 * skew, as a JWT's is.
 */
class BackendApiMachineTokenVerifierTests {

	private static final String API_KEY = "ak_" + "0123456789abcdef0123456789abcdef";

	private static final String M2M_TOKEN = "mt_" + "0123456789abcdef0123456789abcdef";

	private static final String OAUTH_TOKEN = "oat_" + "0123456789abcdef0123456789abcdef";

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(5);

	private final HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile @Nullable String answer;

	private volatile int status = 200;

	BackendApiMachineTokenVerifierTests() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.calls.incrementAndGet();
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			String body = this.answer;
			if (body == null) {
				exchange.sendResponseHeaders(this.status, -1);
			}
			else {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(this.status, bytes.length);
				exchange.getResponseBody().write(bytes);
			}
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void aSuccessfulAnswerWithoutABodyIsAnUnavailableVerification() {
		ClerkApiClient api = new ClerkApiClient(ClerkApiTransport
			.builder("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1", "sk_test_key")
			.build());
		BackendApiMachineTokenVerifier verifier = new BackendApiMachineTokenVerifier(api, null, SKEW,
				Clock.systemUTC());
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(API_KEY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
	}

	/**
	 * Black-box run 116: a Backend API that could not be reached was reported as
	 * {@code (status 0)}, a status no answer has.
	 */
	/**
	 * Clerk refusing the application's own key is the application's problem, logged for
	 * its operator with the properties to check; the caller's 503 says only that the
	 * token could not be verified, naming no key (black-box run 222: it named the secret
	 * key where the machine secret key had been refused).
	 */
	@Test
	void aRefusedKeyOfTheApplicationIsAnUnavailableVerificationThatNamesNoKey() {
		this.answer = "{\"errors\":[{\"code\":\"authentication_invalid\"}]}";
		for (int refused : new int[] { 401, 403 }) {
			this.status = refused;
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(M2M_TOKEN))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContainIgnoringCase("key")
					.contains("could not verify the token"));
		}
	}

	/**
	 * Review run 290: a refused secret key logged an error for every request with an
	 * opaque token, so that a rotated key under load filled the log with one line per
	 * request. It is logged once a minute while it lasts.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRefusedKeyOfTheApplicationIsLoggedOnceAMinuteNotOnEveryRequest(CapturedOutput output) {
		this.answer = "{\"errors\":[{\"code\":\"authentication_invalid\"}]}";
		this.status = 401;
		MutableClock clock = new MutableClock(NOW);
		BackendApiMachineTokenVerifier verifier = new BackendApiMachineTokenVerifier(
				new ClerkApiClient(ClerkApiTransport
					.builder("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1", "sk_test_key")
					.build()),
				null, SKEW, clock);
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(API_KEY))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
			clock.advance(Duration.ofSeconds(10));
		}
		assertThat(output.getOut().split("refused the secret key", -1)).hasSize(2);
		clock.advance(Duration.ofSeconds(15));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(API_KEY));
		assertThat(output.getOut().split("refused the secret key", -1)).hasSize(3);
	}

	/**
	 * Review run 294: a 401 or 403 without Clerk's errors (a firewall's HTML page) was
	 * logged as Clerk refusing the secret key, sending the operator to rotate a key that
	 * is fine. It is unavailable as any error status without Clerk's errors is, and
	 * blames no key.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRefusalWithoutClerksErrorsBlamesNoSecretKey(CapturedOutput output) {
		this.answer = "<html>Forbidden by policy</html>";
		for (int refused : new int[] { 401, 403 }) {
			this.status = refused;
			assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(API_KEY))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE))
				.withMessageContaining("status " + refused);
		}
		assertThat(output.getOut()).doesNotContain("refused the secret key");
	}

	/**
	 * Review run 294: one minute's error line was shared by every type, so a refused
	 * machine secret key could be hidden behind the API keys' line.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRefusedKeyIsLoggedOnceAMinuteForEachTypeOfToken(CapturedOutput output) {
		this.answer = "{\"errors\":[{\"code\":\"authentication_invalid\"}]}";
		this.status = 401;
		BackendApiMachineTokenVerifier verifier = verifier();
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(API_KEY));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(M2M_TOKEN));
		assertThat(output.getOut()).contains("verifies api_key tokens")
			.contains("verifies m2m_token tokens (status 401): check clerk.secret-key and clerk.machine-secret-key");
	}

	@Test
	void aBackendApiThatCannotBeReachedIsSaidSoWithoutAStatus() {
		int port = this.server.getAddress().getPort();
		this.server.stop(0);
		ClerkApiClient api = new ClerkApiClient(
				ClerkApiTransport.builder("http://127.0.0.1:" + port + "/v1", "sk_test_key").maxRetries(0).build());
		BackendApiMachineTokenVerifier verifier = new BackendApiMachineTokenVerifier(api, null, SKEW,
				Clock.systemUTC());
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier.verify(API_KEY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE))
			.withMessageContaining("could not be reached")
			.withMessageNotContaining("status");
	}

	@Test
	void anExpiryClerkReportsWithinTheClockSkewIsAcceptedAsAJwtsIs() {
		this.answer = apiKey(NOW.minusSeconds(2));
		ClerkMachineToken token = verifier().verify(API_KEY);
		assertThat(token.expiresAt()).contains(NOW.minusSeconds(2));
	}

	@Test
	void anExpiryClerkReportsBeyondTheClockSkewIsRefused() {
		this.answer = apiKey(NOW.minus(SKEW));
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(API_KEY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
	}

	/**
	 * Rule M5: a 200 that says the token is revoked, expired or not active refuses it
	 * with that reason. Review run 252: only an {@code expiration} in the past was
	 * tested.
	 */
	@Test
	void anAnswerThatSaysRevokedExpiredOrInactiveRefusesTheToken() {
		String current = apiKey(NOW.plusSeconds(3600));
		this.answer = current.replace("\"revoked\":false", "\"revoked\":true");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(API_KEY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.REVOKED));
		this.answer = current.replace("\"expired\":false", "\"expired\":true");
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(API_KEY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.EXPIRED));
		this.answer = current.replace("{", "{\"active\":false,");
		assertNotConfirmed(API_KEY);
		this.answer = current;
		assertThat(verifier().verify(API_KEY).subject()).as("the same answer, current").isEqualTo("user_1");
	}

	@Test
	void anAnswerAboutAnotherKindOfTokenDoesNotConfirmIt() {
		this.answer = withClerksFields(
				"{\"object\":\"machine_to_machine_token\",\"id\":\"mt_id\",\"subject\":\"mch_1\"}");
		assertNotConfirmed(API_KEY);
		this.answer = withClerksFields(
				"{\"object\":\"clerk_idp_oauth_access_token\",\"id\":\"oat_id\",\"subject\":\"user_1\"}");
		assertNotConfirmed(API_KEY);
		this.answer = withClerksFields("{\"id\":\"ak_id\",\"subject\":\"user_1\"}");
		assertNotConfirmed(API_KEY);
		this.answer = withClerksFields("{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":\"mch_1\"}");
		assertNotConfirmed(M2M_TOKEN);
	}

	@Test
	void anAnswerWhoseSubjectIsNotOfTheTokensKindDoesNotConfirmIt() {
		this.answer = withClerksFields(
				"{\"object\":\"machine_to_machine_token\",\"id\":\"mt_id\",\"subject\":\"user_admin\","
						+ "\"scopes\":[\"admin\"]}");
		assertNotConfirmed(M2M_TOKEN);
		this.answer = withClerksFields(
				"{\"object\":\"clerk_idp_oauth_access_token\",\"id\":\"oat_id\",\"subject\":\"mch_1\"}");
		assertNotConfirmed(OAUTH_TOKEN);
		// Black-box run 116: a subject that is no id of Clerk's (a space or a line break
		// after the prefix) was taken as the caller's name.
		for (String subject : new String[] { "\"\"", "42", "\"user_\"", "\"ins_1\"", "\"user_1 evil\"", "\"user_1\\n\"",
				"\"org_1/..\"" }) {
			this.answer = withClerksFields("{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":" + subject + "}");
			assertNotConfirmed(API_KEY);
		}
	}

	/**
	 * Black-box run 102: a 200 answer whose {@code subject} was an array or an object, or
	 * whose {@code scopes} or {@code expiration} was of another JSON type, was taken for
	 * an outage (503, "try again shortly"), while rule M5a refuses an answer that does
	 * not confirm the token as of its type. It is Clerk's JSON all the same, about this
	 * token, and confirms nothing: the token is refused.
	 */
	@Test
	void anAnswerWithFieldsOfAnotherJsonTypeDoesNotConfirmIt() {
		for (String fields : new String[] { "\"subject\":[\"user_1\"]", "\"subject\":{\"id\":\"user_1\"}",
				"\"subject\":\"user_1\",\"scopes\":\"admin\"", "\"subject\":\"user_1\",\"expiration\":\"never\"",
				"\"subject\":\"user_1\",\"revoked\":{}",
				// Black-box run 116: a null among the scopes was a 500, and values of
				// another JSON type were converted (a number to a scope, a string to a
				// boolean, a number to a name or an id).
				"\"subject\":\"user_1\",\"scopes\":[\"a\",null]", "\"subject\":\"user_1\",\"scopes\":[1]",
				"\"subject\":\"user_1\",\"scopes\":[true]", "\"subject\":\"user_1\",\"revoked\":\"false\"",
				"\"subject\":\"user_1\",\"revoked\":0", "\"subject\":\"user_1\",\"expired\":0",
				"\"subject\":\"user_1\",\"name\":123", "\"subject\":\"user_1\",\"expiration\":\"1\"" }) {
			this.answer = withClerksFields("{\"object\":\"api_key\",\"id\":\"ak_id\"," + fields + "}");
			assertNotConfirmed(API_KEY);
		}
		for (String id : new String[] { "5", "true" }) {
			this.answer = withClerksFields("{\"object\":\"api_key\",\"id\":" + id + ",\"subject\":\"user_1\"}");
			assertNotConfirmed(API_KEY);
		}
	}

	/**
	 * Black-box run 199: {@code null} for {@code revoked}, {@code expired} or
	 * {@code scopes} was read as a field left out, so an answer that says nothing about
	 * revocation confirmed the key. Clerk always sends them, as a boolean and an array;
	 * {@code null} is a value of another JSON type. ({@code expiration} is {@code null}
	 * for a key that never expires.)
	 */
	@Test
	void anAnswerWithNullWhereClerkSendsAValueDoesNotConfirmIt() {
		for (String field : new String[] { "revoked", "expired", "scopes" }) {
			this.answer = confirmed("api_key", "ak_id", "user_1").replace("\"" + field + "\":",
					"\"" + field + "\":null,\"x\":");
			assertNotConfirmed(API_KEY);
		}
		this.answer = withClerksFields(
				"{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":\"user_1\",\"revoked\":false,"
						+ "\"expired\":false,\"scopes\":[],\"expiration\":null}");
		assertThat(verifier().verify(API_KEY).expiresAt()).isEmpty();
	}

	/**
	 * Review run 290: an answer that left {@code revoked}, {@code expired} or
	 * {@code scopes} out confirmed the token as not revoked, not expired and without
	 * scopes, where one with {@code null} is refused. Clerk always sends them; an answer
	 * without one says nothing about the token.
	 */
	@Test
	void anAnswerWithoutAFieldClerkAlwaysSendsDoesNotConfirmIt() {
		for (String field : new String[] { "revoked", "expired", "scopes" }) {
			this.answer = confirmed("api_key", "ak_id", "user_1").replaceFirst(",\"" + field + "\":[^,}]+", "");
			assertThat(this.answer).doesNotContain(field);
			assertNotConfirmed(API_KEY);
		}
	}

	/**
	 * Review run 294: Clerk's specification requires {@code scopes} in an API key's and
	 * an OAuth token's answer, but not in an M2M token's, where it defaults to none; an
	 * M2M answer shaped as the specification allows, without it, is a token without
	 * scopes, not a malformed answer.
	 */
	@Test
	void anM2mAnswerWithoutScopesIsATokenWithoutScopes() {
		this.answer = "{\"object\":\"machine_to_machine_token\",\"id\":\"mt_id\",\"subject\":\"mch_1\","
				+ "\"revoked\":false,\"revocation_reason\":null,\"expired\":false,\"expiration\":null,"
				+ "\"last_used_at\":null,\"created_at\":1,\"updated_at\":1}";
		ClerkMachineToken token = verifier().verify(M2M_TOKEN);
		assertThat(token.subject()).isEqualTo("mch_1");
		assertThat(token.scopes()).isEmpty();
		this.answer = this.answer.replace("\"revoked\":false,", "");
		assertNotConfirmed(M2M_TOKEN);
	}

	/**
	 * Review run 294: the OAuth verify endpoint's second answer, {@code {"active":
	 * false}} for a token that is not active, has no other field; it was refused as an
	 * answer without {@code revoked}, "which Clerk always gives", where it says the token
	 * is not active.
	 */
	@Test
	void anOAuthAnswerThatSaysInactiveRefusesTheTokenAsNotConfirmed() {
		this.answer = "{\"active\":false}";
		assertThatExceptionOfType(ClerkTokenException.class).isThrownBy(() -> verifier().verify(OAUTH_TOKEN))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MACHINE_TOKEN_INVALID))
			.withMessageContaining("did not confirm")
			.withMessageNotContaining("always gives");
	}

	/**
	 * Black-box run 199: an empty scope, or one holding whitespace, became an authority
	 * ({@code SCOPE_}, {@code SCOPE_a b}), while the same scopes in a JWT's
	 * space-separated claim are two scopes and no empty one. No scope is empty or holds
	 * whitespace: such an answer confirms nothing.
	 */
	@Test
	void anAnswerWithAnEmptyScopeOrOneWithWhitespaceDoesNotConfirmIt() {
		for (String scope : new String[] { "", " ", "a b", "a\\tb", "a\\n", "a\u00a0b" }) {
			this.answer = withClerksFields(
					"{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":\"user_1\",\"scopes\":[\"read\",\"" + scope
							+ "\"]}");
			assertNotConfirmed(API_KEY);
		}
	}

	/**
	 * Review run 290: an error status without Clerk's errors in its body (a proxy's 407,
	 * a firewall's 400 page) was taken for Clerk's judgement of the token, a 401
	 * remembered as refused, where machine-auth.md promises that only an error answer
	 * with Clerk's errors refuses a token. With them, it does.
	 */
	@Test
	void anErrorStatusWithoutClerksErrorsIsAnUnavailableVerification() {
		for (int error : new int[] { 400, 404, 407, 413, 422 }) {
			this.status = error;
			for (String answer : new String[] { null, "<html>Proxy Authentication Required</html>", "{}",
					"{\"errors\":[]}" }) {
				this.answer = answer;
				assertThatExceptionOfType(ClerkTokenException.class).as(error + " " + answer)
					.isThrownBy(() -> verifier().verify(API_KEY))
					.satisfies((ex) -> assertThat(ex.getReason())
						.isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
			}
			this.answer = "{\"errors\":[{\"code\":\"resource_not_found\",\"message\":\"not found\"}]}";
			assertNotConfirmed(API_KEY);
		}
	}

	/**
	 * An answer that is no JSON object (a proxy's page served with 200) is none of
	 * Clerk's: the token was not judged.
	 */
	@Test
	void anAnswerThatIsNoJsonObjectIsAnUnavailableVerification() {
		for (String answer : new String[] { "<html>Bad gateway</html>", "[]", "\"ok\"" }) {
			this.answer = answer;
			assertThatExceptionOfType(ClerkTokenException.class).as(answer)
				.isThrownBy(() -> verifier().verify(API_KEY))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.VERIFICATION_UNAVAILABLE));
		}
	}

	/**
	 * Black-box run 102: a token that is its type's prefix alone ({@code ak_}), or that
	 * holds a character no bearer token has (RFC 6750's {@code b64token}: a space, a
	 * quote, a letter outside ASCII, a {@code %}), names no token, and was sent to Clerk
	 * all the same: a call for each, to be refused.
	 */
	@Test
	void aTokenThatNamesNoneIsRefusedWithoutAskingClerk() {
		this.answer = apiKey(NOW.plusSeconds(3600));
		for (String token : new String[] { "ak_", "mt_", "oat_", "ak_a b", "ak_a\"b", "ak_\u00fcnicode", "oat_%00",
				"mt_a=b" }) {
			assertNotConfirmed(token);
		}
		assertThat(this.calls).hasValue(0);
	}

	@Test
	void eachKindIsConfirmedForItsOwnSubjects() {
		for (String subject : new String[] { "user_1", "org_1", "mch_1" }) {
			this.answer = withClerksFields("{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":\"" + subject + "\"}");
			assertThat(verifier().verify(API_KEY).subject()).isEqualTo(subject);
		}
		this.answer = withClerksFields(
				"{\"object\":\"machine_to_machine_token\",\"id\":\"mt_id\",\"subject\":\"mch_1\"}");
		assertThat(verifier().verify(M2M_TOKEN).subject()).isEqualTo("mch_1");
		this.answer = withClerksFields(
				"{\"object\":\"clerk_idp_oauth_access_token\",\"id\":\"oat_id\",\"subject\":\"user_1\"}");
		assertThat(verifier().verify(OAUTH_TOKEN).subject()).isEqualTo("user_1");
	}

	private void assertNotConfirmed(String token) {
		assertThatExceptionOfType(ClerkTokenException.class).as(this.answer)
			.isThrownBy(() -> verifier().verify(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TokenRejectionReason.MACHINE_TOKEN_INVALID));
	}

	private BackendApiMachineTokenVerifier verifier() {
		ClerkApiClient api = new ClerkApiClient(ClerkApiTransport
			.builder("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1", "sk_test_key")
			.build());
		return new BackendApiMachineTokenVerifier(api, null, SKEW, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/**
	 * An answer of Clerk's that confirms a token, with every field Clerk always sends.
	 */
	private static String confirmed(String object, String id, String subject) {
		return "{\"object\":\"" + object + "\",\"id\":\"" + id + "\",\"subject\":\"" + subject
				+ "\",\"scopes\":[],\"revoked\":false,\"expired\":false}";
	}

	/**
	 * An answer with the fields Clerk always sends ({@code revoked}, {@code expired},
	 * {@code scopes}) that it leaves out, so that it is refused, or accepted, for what it
	 * is about.
	 */
	private static String withClerksFields(String answer) {
		StringBuilder fields = new StringBuilder();
		for (String field : new String[] { "\"revoked\":false", "\"expired\":false", "\"scopes\":[]" }) {
			if (!answer.contains(field.substring(0, field.indexOf(':') + 1))) {
				fields.append(field).append(',');
			}
		}
		return "{" + fields + answer.substring(1);
	}

	private static String apiKey(Instant expiration) {
		return "{\"object\":\"api_key\",\"id\":\"ak_id\",\"subject\":\"user_1\",\"scopes\":[],\"revoked\":false,"
				+ "\"expired\":false,\"expiration\":" + expiration.toEpochMilli() + "}";
	}

}
