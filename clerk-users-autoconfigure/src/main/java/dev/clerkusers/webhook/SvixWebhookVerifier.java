package dev.clerkusers.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.svix.Webhook;
import com.svix.exceptions.WebhookSigningException;
import dev.clerkusers.mirror.PostgresText;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Svix signatures of Clerk webhook deliveries, with the svix library.
 * <ul>
 * <li>Headers {@code svix-id}, {@code svix-timestamp}, {@code svix-signature}, or the
 * Standard Webhooks names {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}; any missing: 400.</li>
 * <li>The timestamp (seconds) within 5 minutes of now, either way; otherwise 401.</li>
 * <li>The signature: HMAC-SHA256 of {@code id.timestamp.body} over the raw body bytes,
 * computed by the svix library for each configured secret (several during a rotation),
 * compared in constant time with each {@code v1,} entry of the header (several may be
 * listed; other versions are skipped). No match: 401.</li>
 * </ul>
 * The library's own {@code verify} reads the system clock, so the check above is done
 * here with the svix library's signer and an injectable clock: that lets the official
 * Svix test vector (signed in 2021) verify in a test, and the tolerance be tested without
 * waiting.
 */
public class SvixWebhookVerifier {

	/** How far a delivery's timestamp may be from now, either way. */
	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	/** Longest message id ({@code svix-id}) accepted: what the inbox's key holds. */
	public static final int MAX_ID_LENGTH = 255;

	/** A whole number, of any length. */
	private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]+");

	private final List<Webhook> secrets;

	private final Clock clock;

	/**
	 * Creates a verifier.
	 * @param secrets the signing secrets ({@code whsec_…}), at least one
	 * @param clock the clock
	 * @throws IllegalArgumentException when a secret is not a Svix secret
	 */
	public SvixWebhookVerifier(List<String> secrets, Clock clock) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("At least one signing secret is needed");
		}
		List<Webhook> webhooks = new ArrayList<>();
		for (String secret : secrets) {
			try {
				webhooks.add(new Webhook(secret));
			}
			catch (Exception ex) {
				throw new IllegalArgumentException("Not a Svix signing secret: " + ex.getMessage(), ex);
			}
		}
		this.secrets = List.copyOf(webhooks);
		this.clock = clock;
	}

	/**
	 * Verifies a delivery.
	 * @param headers the request headers, by name in any case
	 * @param body the raw body bytes
	 * @return the message id ({@code svix-id})
	 * @throws WebhookRejectedException with 400 for missing or malformed headers (an id
	 * the inbox cannot keep among them: too long, or with a NUL character) or a body that
	 * is not UTF-8, 401 for a timestamp outside the tolerance or a signature that matches
	 * no secret
	 */
	public String verify(Map<String, String> headers, byte[] body) {
		SignedHeaders signed = SignedHeaders.of(headers, "svix-");
		if (signed == null) {
			signed = SignedHeaders.of(headers, "webhook-");
		}
		if (signed == null) {
			throw new WebhookRejectedException(400, "missing-headers",
					"The svix-id, svix-timestamp and svix-signature headers are required (or the Standard Webhooks"
							+ " names webhook-id, webhook-timestamp and webhook-signature), all three of one family");
		}
		if (signed.id().length() > MAX_ID_LENGTH) {
			throw new WebhookRejectedException(400, "invalid-id",
					"The message id is longer than " + MAX_ID_LENGTH + " characters");
		}
		if (PostgresText.hasUnstorable(signed.id())) {
			throw new WebhookRejectedException(400, "invalid-id",
					"The message id holds a NUL character or a lone surrogate, which the inbox cannot keep");
		}
		long timestamp;
		try {
			timestamp = Long.parseLong(signed.timestamp().trim());
		}
		catch (NumberFormatException ex) {
			throw new WebhookRejectedException(400, "invalid-timestamp",
					DIGITS.matcher(signed.timestamp().trim()).matches()
							? "The timestamp header is a number too large to be a time in seconds"
							: "The timestamp header is not a number");
		}
		long now = this.clock.instant().getEpochSecond();
		// Compared in seconds, as longs: a timestamp no Instant can hold is simply far
		// away.
		if (timestamp < now - TOLERANCE.toSeconds() || timestamp > now + TOLERANCE.toSeconds()) {
			throw new WebhookRejectedException(401, "timestamp-out-of-tolerance",
					"The timestamp is more than 5 minutes from now");
		}
		String payload;
		try {
			// Strictly: a lenient decoding would check the signature over the
			// replacement characters, that is over other bytes than the ones received.
			payload = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new WebhookRejectedException(400, "invalid-body",
					"The body is not UTF-8 text, so its signature cannot be checked");
		}
		for (Webhook secret : this.secrets) {
			byte[] expected = expectedSignature(secret, signed.id(), timestamp, payload);
			for (String entry : signed.signature().trim().split(" ")) {
				int comma = entry.indexOf(',');
				if (comma > 0 && entry.substring(0, comma).equals("v1") && MessageDigest.isEqual(expected,
						entry.substring(comma + 1).getBytes(StandardCharsets.UTF_8))) {
					return signed.id();
				}
			}
		}
		throw new WebhookRejectedException(401, "invalid-signature", "No signature matches a signing secret");
	}

	private static byte[] expectedSignature(Webhook secret, String id, long timestamp, String payload) {
		try {
			String signature = secret.sign(id, timestamp, payload);
			return signature.substring(signature.indexOf(',') + 1).getBytes(StandardCharsets.UTF_8);
		}
		catch (WebhookSigningException ex) {
			throw new IllegalStateException("Could not compute the webhook signature", ex);
		}
	}

	private record SignedHeaders(String id, String timestamp, String signature) {

		static @Nullable SignedHeaders of(Map<String, String> headers, String prefix) {
			String id = header(headers, prefix + "id");
			String timestamp = header(headers, prefix + "timestamp");
			String signature = header(headers, prefix + "signature");
			return (id != null && timestamp != null && signature != null) ? new SignedHeaders(id, timestamp, signature)
					: null;
		}

		private static @Nullable String header(Map<String, String> headers, String name) {
			for (Map.Entry<String, String> header : headers.entrySet()) {
				if (header.getKey().toLowerCase(Locale.ROOT).equals(name) && header.getValue() != null
						&& !header.getValue().isBlank()) {
					return header.getValue();
				}
			}
			return null;
		}

	}

}
