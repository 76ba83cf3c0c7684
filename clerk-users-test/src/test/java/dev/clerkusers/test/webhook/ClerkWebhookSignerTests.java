package dev.clerkusers.test.webhook;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.svix.Webhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ClerkWebhookSignerTests {

	private final ClerkWebhookSigner signer = ClerkWebhookSigner.test();

	/**
	 * Black-box run 108: a {@code null} message id was signed, and the headers said
	 * {@code svix-id: null} under a valid signature.
	 */
	@Test
	void aDeliveryWithoutIdTimeOrBodyIsNotSigned() {
		Instant now = Instant.now();
		assertThatNullPointerException().isThrownBy(() -> this.signer.sign(nothing(), now, "{}"))
			.withMessageContaining("svix-id");
		assertThatNullPointerException().isThrownBy(() -> this.signer.sign("msg_1", nothing(), "{}"))
			.withMessageContaining("svix-timestamp");
		assertThatNullPointerException().isThrownBy(() -> this.signer.sign("msg_1", now, nothing()))
			.withMessageContaining("body");
		assertThat(this.signer.sign("", now, "")).containsEntry("svix-id", "").containsKey("svix-signature");
	}

	/**
	 * Review 301 F11: during a rotation of the endpoint's secret Svix signs each delivery
	 * with the old and the new secret, in one header; the kit signs such a delivery, and
	 * Svix's own verifier takes it with either secret.
	 */
	@Test
	void aDeliveryDuringARotationCarriesTheSignatureOfEachSecret() throws Exception {
		ClerkWebhookSigner old = ClerkWebhookSigner.test();
		ClerkWebhookSigner fresh = new ClerkWebhookSigner("whsec_" + Base64.getEncoder()
			.encodeToString("a new secret of 24 bytes!".substring(0, 24).getBytes(StandardCharsets.US_ASCII)));
		String body = "{\"type\":\"user.created\"}";
		Map<String, String> headers = ClerkWebhookSigner.signWithEach(body, old, fresh);
		assertThat(headers.get("svix-signature").split(" ")).hasSize(2).allMatch((part) -> part.startsWith("v1,"));
		HttpHeaders sent = HttpHeaders.of(
				headers.entrySet()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> List.of(entry.getValue()))),
				(name, value) -> true);
		new Webhook(old.secret()).verify(body, sent);
		new Webhook(fresh.secret()).verify(body, sent);
		Map<String, String> redelivered = ClerkWebhookSigner.signWithEach("msg_1", Instant.ofEpochSecond(1), body, old,
				fresh);
		assertThat(redelivered).containsEntry("svix-id", "msg_1").containsEntry("svix-timestamp", "1");
		assertThatNullPointerException()
			.isThrownBy(() -> ClerkWebhookSigner.signWithEach(body, old, (ClerkWebhookSigner) nothing()))
			.withMessageContaining("signer");
	}

	@SuppressWarnings({ "NullAway", "TypeParameterUnusedInFormals" })
	private static <T> T nothing() {
		return null;
	}

}
