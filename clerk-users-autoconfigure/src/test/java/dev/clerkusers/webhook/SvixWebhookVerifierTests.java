package dev.clerkusers.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.svix.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Svix's official test vector (identical in the Svix Java, Python, PHP, Go, JS and Kotlin
 * test suites) and the other cases of those suites.
 */
class SvixWebhookVerifierTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final String PAYLOAD = "{\"test\": 2432232314}";

	private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private static final byte[] BODY = PAYLOAD.getBytes(StandardCharsets.UTF_8);

	private final SvixWebhookVerifier verifier = verifier(Instant.ofEpochSecond(TIMESTAMP), SECRET);

	@Test
	void theOfficialTestVectorVerifies() {
		assertThat(this.verifier.verify(headers("svix-", SIGNATURE), BODY)).isEqualTo(MESSAGE_ID);
	}

	@Test
	void aWrongSignatureBeforeTheValidOneStillPasses() {
		String both = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + SIGNATURE;
		assertThat(this.verifier.verify(headers("svix-", both), BODY)).isEqualTo(MESSAGE_ID);
	}

	@Test
	void otherSignatureVersionsAreIgnored() {
		String v2 = SIGNATURE.replace("v1,", "v2,");
		assertReason(headers("svix-", v2), BODY, 401, "invalid-signature");
	}

	@Test
	void aTamperedBodyOrAWrongSignatureIsRefused() {
		assertReason(headers("svix-", SIGNATURE), "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), 401,
				"invalid-signature");
		assertReason(headers("svix-", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), BODY, 401,
				"invalid-signature");
	}

	@Test
	void timestampsMoreThanFiveMinutesAwayAreRefusedEitherWay() {
		Instant sent = Instant.ofEpochSecond(TIMESTAMP);
		assertThat(verifier(sent.plusSeconds(300), SECRET).verify(headers("svix-", SIGNATURE), BODY)).isNotNull();
		assertThatExceptionOfType(WebhookRejectedException.class)
			.isThrownBy(() -> verifier(sent.plusSeconds(301), SECRET).verify(headers("svix-", SIGNATURE), BODY))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(401);
				assertThat(ex.getReason()).isEqualTo("timestamp-out-of-tolerance");
			});
		assertThatExceptionOfType(WebhookRejectedException.class)
			.isThrownBy(() -> verifier(sent.minusSeconds(301), SECRET).verify(headers("svix-", SIGNATURE), BODY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("timestamp-out-of-tolerance"));
	}

	@Test
	void aSecretWithoutThePrefixWorks() {
		assertThat(verifier(Instant.ofEpochSecond(TIMESTAMP), SECRET.substring(6)).verify(headers("svix-", SIGNATURE),
				BODY))
			.isEqualTo(MESSAGE_ID);
	}

	@Test
	void standardWebhooksHeadersWork() {
		assertThat(this.verifier.verify(headers("webhook-", SIGNATURE), BODY)).isEqualTo(MESSAGE_ID);
	}

	@Test
	void headerNamesAreCaseInsensitive() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Svix-Id", MESSAGE_ID);
		headers.put("SVIX-TIMESTAMP", Long.toString(TIMESTAMP));
		headers.put("svix-Signature", SIGNATURE);
		assertThat(this.verifier.verify(headers, BODY)).isEqualTo(MESSAGE_ID);
	}

	@Test
	void anyOfSeveralSecretsVerifiesDuringARotation() {
		SvixWebhookVerifier rotating = new SvixWebhookVerifier(
				List.of("whsec_" + Base64.getEncoder().encodeToString("the-new-secret-24-bytes!".getBytes()), SECRET),
				Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC));
		assertThat(rotating.verify(headers("svix-", SIGNATURE), BODY)).isEqualTo(MESSAGE_ID);
	}

	@Test
	void missingHeadersAreABadRequest() {
		Map<String, String> headers = headers("svix-", SIGNATURE);
		headers.remove("svix-signature");
		assertReason(headers, BODY, 400, "missing-headers");
	}

	/**
	 * Black-box run 178: a sender of the Standard Webhooks names, or one that mixed the
	 * two families, was told that the svix-* headers are required, as if the others were
	 * not accepted. The three come from one family, and the answer names both.
	 */
	@Test
	void theThreeHeadersComeFromOneFamilyAndTheRefusalNamesBoth() {
		Map<String, String> mixed = headers("webhook-", SIGNATURE);
		mixed.put("svix-id", mixed.remove("webhook-id"));
		assertThatExceptionOfType(WebhookRejectedException.class).isThrownBy(() -> this.verifier.verify(mixed, BODY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("missing-headers"))
			.withMessageContaining("svix-id, svix-timestamp and svix-signature")
			.withMessageContaining("webhook-id, webhook-timestamp and webhook-signature");
	}

	@Test
	void aTimestampThatIsNotANumberIsABadRequest() {
		Map<String, String> headers = headers("svix-", SIGNATURE);
		headers.put("svix-timestamp", "yesterday");
		assertReason(headers, BODY, 400, "invalid-timestamp");
	}

	/**
	 * Black-box run 162, F3: a timestamp of digits too many for any time was answered
	 * "not a number".
	 */
	@ParameterizedTest
	@ValueSource(strings = { "99999999999999999999999", "-99999999999999999999999" })
	void aTimestampOfTooManyDigitsIsABadRequestSayingSo(String timestamp) {
		Map<String, String> headers = headers("svix-", SIGNATURE);
		headers.put("svix-timestamp", timestamp);
		assertReason(headers, BODY, 400, "invalid-timestamp");
		assertThatExceptionOfType(WebhookRejectedException.class).isThrownBy(() -> this.verifier.verify(headers, BODY))
			.withMessage("The timestamp header is a number too large to be a time in seconds");
	}

	@Test
	void anIdLongerThanTheInboxHoldsIsABadRequest() {
		Map<String, String> headers = headers("svix-", SIGNATURE);
		headers.put("svix-id", "msg_" + "x".repeat(252));
		assertReason(headers, BODY, 400, "invalid-id");
	}

	/**
	 * Black-box run 242: a signed delivery whose id holds a character the inbox cannot
	 * keep was answered 500 ({@code retry}) on WebFlux, where the servlet container's
	 * firewall refused it first, so Svix would have delivered it again and again.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "msg_a\u0000b", "msg_\ud800" })
	void anIdTheInboxCannotKeepIsABadRequest(String id) throws Exception {
		Map<String, String> headers = headers("svix-", new Webhook(SECRET).sign(id, TIMESTAMP, PAYLOAD));
		headers.put("svix-id", id);
		assertReason(headers, BODY, 400, "invalid-id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "9223372036854775807", "-9223372036854775808", "-1", "1e3", "0x10", "" })
	void aTimestampNoDateCanHoldIsRefusedNotAnError(String timestamp) {
		Map<String, String> headers = headers("svix-", SIGNATURE);
		headers.put("svix-timestamp", timestamp);
		assertThatExceptionOfType(WebhookRejectedException.class).isThrownBy(() -> this.verifier.verify(headers, BODY))
			.satisfies((ex) -> assertThat(ex.getStatus()).isIn(400, 401));
	}

	/**
	 * Svix signs the body's bytes; the svix library checks a string. A body that is not
	 * UTF-8 would be checked over the replacement characters its decoding gives, that is
	 * over other bytes than the ones received: it is refused instead.
	 */
	@Test
	void aBodyThatIsNotUtf8IsRefusedNotCheckedOverOtherBytes() throws Exception {
		byte[] body = { '{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}' };
		String overReplacements = new Webhook(SECRET).sign(MESSAGE_ID, TIMESTAMP,
				new String(body, StandardCharsets.UTF_8));
		assertReason(headers("svix-", overReplacements), body, 400, "invalid-body");
	}

	private void assertReason(Map<String, String> headers, byte[] body, int status, String reason) {
		assertThatExceptionOfType(WebhookRejectedException.class).isThrownBy(() -> this.verifier.verify(headers, body))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(status);
				assertThat(ex.getReason()).isEqualTo(reason);
			});
	}

	private static SvixWebhookVerifier verifier(Instant now, String secret) {
		return new SvixWebhookVerifier(List.of(secret), Clock.fixed(now, ZoneOffset.UTC));
	}

	private static Map<String, String> headers(String prefix, String signature) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(prefix + "id", MESSAGE_ID);
		headers.put(prefix + "timestamp", Long.toString(TIMESTAMP));
		headers.put(prefix + "signature", signature);
		return headers;
	}

}
