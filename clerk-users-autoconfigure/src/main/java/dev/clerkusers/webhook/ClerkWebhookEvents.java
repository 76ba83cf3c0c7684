package dev.clerkusers.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.clerkusers.api.ClerkJson;
import dev.clerkusers.mirror.PostgresText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Clerk webhook envelopes: {@code {"type": …, "data": {…}, "object": "event",
 * "timestamp": …, "instance_id": …}}.
 */
final class ClerkWebhookEvents {

	/**
	 * Envelope timestamps below this are in seconds (Clerk's spec examples), above it in
	 * milliseconds.
	 */
	private static final long MILLISECONDS_FROM = 100_000_000_000L;

	/** The longest type the inbox holds ({@code event_type varchar(255)}). */
	private static final int MAX_TYPE_LENGTH = 255;

	/** The latest envelope time taken as a time at all. */
	private static final Instant LATEST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");

	/** How Jackson begins its refusal of a name twice in one object. */
	private static final String DUPLICATE_NAME = "Duplicate Object property ";

	private ClerkWebhookEvents() {
	}

	/**
	 * Parses a body.
	 * @param id the Svix message id
	 * @param body the raw body
	 * @return the event
	 * @throws WebhookRejectedException with 400 when the body is not a Clerk event
	 */
	static ClerkWebhookEvent parse(String id, byte[] body) {
		JsonNode payload;
		try {
			// Read as text: JSON allows a lone UTF-16 surrogate escaped anywhere, which
			// Jackson's parser of bytes refuses in a key (and takes in a value). The body
			// is UTF-8, checked with its signature. A name twice in one object would make
			// the body read one way here and another by a reader that keeps the first
			// value: no Clerk event has one.
			payload = ClerkJson.mapper()
				.reader()
				.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.readTree(new String(body, StandardCharsets.UTF_8));
		}
		catch (StreamConstraintsException ex) {
			// JSON, maybe, but past a limit of the parser (nesting depth, a number's or a
			// string's length), which the message names.
			throw new WebhookRejectedException(400, "invalid-json",
					"The body is past a limit of the JSON parser: " + ex.getOriginalMessage());
		}
		catch (StreamReadException ex) {
			String duplicate = duplicateName(ex);
			throw new WebhookRejectedException(400, "invalid-json", (duplicate != null)
					? "The body has the name " + duplicate + " twice in one object" : "The body is not JSON");
		}
		catch (JacksonException ex) {
			throw new WebhookRejectedException(400, "invalid-json", "The body is not JSON");
		}
		if (payload == null || payload.isMissingNode()) {
			throw new WebhookRejectedException(400, "invalid-json", "The body is empty, not JSON");
		}
		return parse(id, payload);
	}

	/**
	 * The name a body has twice in one object, quoted as Jackson's refusal quotes it
	 * ({@code Duplicate Object property "type"}), at most 100 characters of it, or
	 * {@code null} when the refusal is of another kind.
	 */
	private static @Nullable String duplicateName(StreamReadException ex) {
		String message = ex.getOriginalMessage();
		if (message == null || !message.startsWith(DUPLICATE_NAME)) {
			return null;
		}
		String name = message.substring(DUPLICATE_NAME.length());
		return (name.length() > 100) ? name.substring(0, 100) + "…\"" : name;
	}

	static ClerkWebhookEvent parse(String id, @Nullable JsonNode body) {
		if (body != null && body.get("data") instanceof ObjectNode data) {
			// Metadata that cannot be stored and read back (too deep, a number too long
			// or
			// too large) is a cosmetic value that does not fit: left out, so that what
			// decides access in the event applies.
			ClerkJson.leaveOutUnfitMetadata(data, "Clerk webhook " + id);
		}
		if (body != null && ClerkJson.nestsTooDeep(body)) {
			throw new WebhookRejectedException(400, "invalid-json", "The body is past a limit of the JSON parser: "
					+ "its nesting depth outside metadata exceeds what a Clerk event has");
		}
		if (body == null || !body.isObject()) {
			throw new WebhookRejectedException(400, "invalid-event", "The body is not a JSON object");
		}
		JsonNode type = body.get("type");
		if (type == null || !type.isString() || type.asString().isBlank()) {
			throw new WebhookRejectedException(400, "missing-type", "The event has no string 'type'");
		}
		if (type.asString().length() > MAX_TYPE_LENGTH) {
			throw new WebhookRejectedException(400, "invalid-type",
					"The event's 'type' is longer than " + MAX_TYPE_LENGTH + " characters");
		}
		if (hasNul(type)) {
			throw new WebhookRejectedException(400, "invalid-type",
					"The event's 'type' contains a NUL character or a lone surrogate");
		}
		JsonNode data = body.get("data");
		if (data == null || !data.isObject()) {
			throw new WebhookRejectedException(400, "invalid-data", "The event's 'data' is not an object");
		}
		JsonNode instance = body.get("instance_id");
		if (instance != null && hasNul(instance)) {
			throw new WebhookRejectedException(400, "invalid-event",
					"The event's 'instance_id' contains a NUL character or a lone surrogate");
		}
		// The payload is stored as jsonb, which holds no NUL character; the handlers read
		// the data as it came and decide field by field (removed from a name, refused in
		// an id or a role: without it, it would be another one).
		return new ClerkWebhookEvent(id, type.asString(), data, PostgresText.clean(body),
				timestamp(body.get("timestamp")),
				(instance != null && instance.isString()) ? instance.asString() : null);
	}

	private static boolean hasNul(JsonNode value) {
		return value.isString() && PostgresText.hasUnstorable(value.asString());
	}

	private static @Nullable Instant timestamp(@Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		Instant time = null;
		if (value.isNumber() && value.canConvertToLong()) {
			long number = value.asLong();
			time = (number >= MILLISECONDS_FROM) ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
		}
		if (time == null || time.isBefore(Instant.EPOCH) || time.isAfter(LATEST_TIMESTAMP)) {
			throw new WebhookRejectedException(400, "invalid-timestamp",
					"The event's 'timestamp' is no time between 1970 and 9999");
		}
		return time;
	}

}
