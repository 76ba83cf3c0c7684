package dev.clerkusers.test.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;

import com.svix.Webhook;
import com.svix.exceptions.WebhookSigningException;

/**
 * Signs webhook payloads the way Svix signs Clerk's deliveries, with the svix library:
 * the {@code svix-id}, {@code svix-timestamp} and {@code svix-signature} headers over the
 * exact body bytes.
 */
public final class ClerkWebhookSigner {

	/**
	 * The signing secret tests use unless they choose another (a valid {@code whsec_}
	 * secret of 26 bytes, longer than the 24 Svix issues).
	 */
	public static final String TEST_SECRET = "whsec_Y2xlcmstdXNlcnMtdGVzdC1zZWNyZXQtISE=";

	private final String secret;

	private final Webhook webhook;

	/**
	 * Creates a signer for a secret.
	 * @param secret the signing secret ({@code whsec_…})
	 */
	public ClerkWebhookSigner(String secret) {
		this.secret = Objects.requireNonNull(secret, "secret must not be null");
		try {
			this.webhook = new Webhook(secret);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Not a webhook secret: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A signer for {@link #TEST_SECRET}.
	 * @return the signer
	 */
	public static ClerkWebhookSigner test() {
		return new ClerkWebhookSigner(TEST_SECRET);
	}

	/**
	 * Signs a body now, with a fresh message id.
	 * @param body the exact body that will be sent
	 * @return the headers to send with it
	 */
	public Map<String, String> sign(String body) {
		return sign(newMessageId(), Instant.now(), body);
	}

	private static String newMessageId() {
		return "msg_" + UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Signs a body.
	 * @param messageId the {@code svix-id}, which identifies the event across retries
	 * @param timestamp the delivery time ({@code svix-timestamp})
	 * @param body the exact body that will be sent
	 * @return the headers to send with it
	 */
	public Map<String, String> sign(String messageId, Instant timestamp, String body) {
		String signature = signature(messageId, timestamp, body);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("svix-id", messageId);
		headers.put("svix-timestamp", Long.toString(timestamp.getEpochSecond()));
		headers.put("svix-signature", signature);
		return headers;
	}

	/**
	 * Signs a body now, with a fresh message id, as Svix signs a delivery while the
	 * endpoint's secret is rotated: with each secret, the signatures in one
	 * {@code svix-signature} header, separated by spaces. An application that has any one
	 * of the secrets accepts it.
	 * @param body the exact body that will be sent
	 * @param first the signer of one secret, usually the old one
	 * @param others the signers of the other secrets
	 * @return the headers to send with it
	 */
	public static Map<String, String> signWithEach(String body, ClerkWebhookSigner first,
			ClerkWebhookSigner... others) {
		return signWithEach(newMessageId(), Instant.now(), body, first, others);
	}

	/**
	 * Signs a body as Svix signs a delivery while the endpoint's secret is rotated (see
	 * {@link #signWithEach(String, ClerkWebhookSigner, ClerkWebhookSigner...)}), with a
	 * message id and time of the test's: a redelivery, or a late one.
	 * @param messageId the {@code svix-id}
	 * @param timestamp the delivery time ({@code svix-timestamp})
	 * @param body the exact body that will be sent
	 * @param first the signer of one secret, usually the old one
	 * @param others the signers of the other secrets
	 * @return the headers to send with it
	 * @throws NullPointerException for a {@code null} signer, naming it
	 */
	public static Map<String, String> signWithEach(String messageId, Instant timestamp, String body,
			ClerkWebhookSigner first, ClerkWebhookSigner... others) {
		Objects.requireNonNull(first, "A delivery is signed with a secret: first must not be null");
		StringJoiner signatures = new StringJoiner(" ");
		signatures.add(first.signature(messageId, timestamp, body));
		for (ClerkWebhookSigner signer : others) {
			Objects.requireNonNull(signer, "A signer of others is null");
			signatures.add(signer.signature(messageId, timestamp, body));
		}
		Map<String, String> headers = first.sign(messageId, timestamp, body);
		headers.put("svix-signature", signatures.toString());
		return headers;
	}

	/**
	 * The {@code svix-signature} value of a body.
	 * @param messageId the message id
	 * @param timestamp the delivery time
	 * @param body the body
	 * @return {@code v1,<base64 HMAC-SHA256>}
	 * @throws NullPointerException for a {@code null} argument, which no delivery has
	 */
	public String signature(String messageId, Instant timestamp, String body) {
		Objects.requireNonNull(messageId, "A delivery has a message id (svix-id)");
		Objects.requireNonNull(timestamp, "A delivery has a time (svix-timestamp)");
		Objects.requireNonNull(body, "A delivery has a body, an empty one if any");
		try {
			return this.webhook.sign(messageId, timestamp.getEpochSecond(), body);
		}
		catch (WebhookSigningException ex) {
			throw new IllegalStateException("Could not sign the webhook", ex);
		}
	}

	/**
	 * The secret.
	 * @return the {@code whsec_…} secret
	 */
	public String secret() {
		return this.secret;
	}

}
