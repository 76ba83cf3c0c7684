package dev.clerkusers.test.webhook;

import java.time.Instant;

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

	@SuppressWarnings({ "NullAway", "TypeParameterUnusedInFormals" })
	private static <T> T nothing() {
		return null;
	}

}
