package dev.clerkusers.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.mirror.PostgresText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A verified Clerk webhook event.
 *
 * @param id the Svix message id ({@code svix-id}), the same on every delivery attempt of
 * the event
 * @param type the event type, for example {@code user.created}
 * @param data the event's {@code data} object, shared by every handler of the event: read
 * it, never change it
 * @param payload the whole event envelope, shared likewise
 * @param timestamp when Clerk created the event (the envelope's {@code timestamp}), if
 * present
 * @param instanceId the Clerk instance ({@code instance_id}), if present
 */
public record ClerkWebhookEvent(String id, String type, JsonNode data, JsonNode payload, @Nullable Instant timestamp,
		@Nullable String instanceId) {

	/**
	 * The event's {@code data}, read as a Clerk resource, as
	 * {@link ClerkResource#read(JsonNode, Class)} reads it: an application's own resource
	 * type strictly.
	 * @param <T> the resource type
	 * @param type the resource type, for example {@code UserResource.class}
	 * @return the resource
	 * @throws MalformedClerkDataException when {@code data} does not have the type's
	 * shape
	 */
	public <T extends ClerkResource> T data(Class<T> type) {
		return ClerkResource.read(this.data, type);
	}

	/**
	 * A string field of {@code data}.
	 * @param field the field name
	 * @return the value, if present and a string
	 */
	public Optional<String> dataString(String field) {
		JsonNode value = this.data.get(field);
		return (value != null && value.isString()) ? Optional.of(value.asString()) : Optional.empty();
	}

	/**
	 * A string field of {@code data} the event cannot do without: an id, say.
	 * @param field the field name
	 * @return the value
	 * @throws IllegalArgumentException when the field is missing or not a string
	 * @throws MalformedClerkDataException when it holds a NUL character, which PostgreSQL
	 * cannot store and which removed would make it another value
	 */
	public String requireDataString(String field) {
		String value = dataString(field)
			.orElseThrow(() -> new IllegalArgumentException(this.type + " without data." + field));
		if (PostgresText.hasUnstorable(value)) {
			throw new MalformedClerkDataException(this.type + "'s data." + field
					+ " contains a NUL character or a lone surrogate, which the database cannot store");
		}
		return value;
	}

	/**
	 * A time field of {@code data}, in epoch milliseconds as Clerk sends them.
	 * @param field the field name, for example {@code created_at}
	 * @return the time, if present, a number, and a time between 1970 and 9999 (which
	 * PostgreSQL can store)
	 */
	public Optional<Instant> dataTime(String field) {
		JsonNode value = this.data.get(field);
		return (value != null && value.isNumber() && value.canConvertToLong()
				&& ClerkResource.isStorable(value.asLong())) ? Optional.of(Instant.ofEpochMilli(value.asLong()))
						: Optional.empty();
	}

	/**
	 * When Clerk created the event, or the clock's time for an envelope without
	 * {@code timestamp}.
	 * @param clock the clock
	 * @return the time
	 */
	public Instant timestampOr(Clock clock) {
		return (this.timestamp != null) ? this.timestamp : clock.instant();
	}

	/**
	 * The event's id, type, time and instance, without its data or envelope: an event
	 * logged (or an application event that carries it) names the delivery without writing
	 * the user's addresses or private metadata to the log.
	 * @return the text
	 */
	@Override
	public String toString() {
		return "ClerkWebhookEvent[id=" + this.id + ", type=" + this.type + ", timestamp=" + this.timestamp
				+ ", instanceId=" + this.instanceId + "]";
	}

	/**
	 * The same event without its data: the envelope only.
	 * @return the event with empty {@code data}
	 */
	public ClerkWebhookEvent withoutData() {
		ObjectNode envelope = (this.payload instanceof ObjectNode object) ? object.deepCopy()
				: JsonNodeFactory.instance.objectNode();
		ObjectNode empty = JsonNodeFactory.instance.objectNode();
		envelope.set("data", empty);
		return new ClerkWebhookEvent(this.id, this.type, empty, envelope, this.timestamp, this.instanceId);
	}

}
