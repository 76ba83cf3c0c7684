package dev.clerkusers.test.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.clerkusers.test.data.ClerkJson;

/**
 * A Clerk webhook event envelope: {@code {"data": …, "object": "event", "type": …,
 * "timestamp": …, "instance_id": …, "event_attributes": …}}, with a Svix message id for
 * its deliveries.
 * <p>
 * The envelope's {@code timestamp} is when the event happened: unless set, the
 * {@code updated_at} of its data, as in Clerk's events, or now for data without one
 * (deleted objects built from an id). It is written in milliseconds, as Clerk's
 * documentation shows it; {@link #timestampInSeconds()} writes it in seconds, as the
 * examples of Clerk's webhook schema show it.
 */
public final class ClerkEvent implements ClerkJson {

	private final String type;

	private final Map<String, Object> data;

	private String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");

	private Instant timestamp;

	private boolean timestampInSeconds;

	private String instanceId = "ins_test";

	ClerkEvent(String type, Map<String, Object> data) {
		this.type = type;
		this.data = new LinkedHashMap<>(data);
		this.timestamp = (data.get("updated_at") instanceof Number updatedAt)
				? Instant.ofEpochMilli(updatedAt.longValue()) : Instant.now();
	}

	/**
	 * The event type.
	 * @return the type, for example {@code user.created}
	 */
	public String type() {
		return this.type;
	}

	/**
	 * The Svix message id its deliveries carry ({@code svix-id}): the same for every
	 * delivery of this event.
	 * @return the message id
	 */
	public String messageId() {
		return this.messageId;
	}

	/**
	 * Sets the Svix message id.
	 * @param messageId the id
	 * @return this event
	 */
	public ClerkEvent messageId(String messageId) {
		this.messageId = messageId;
		return this;
	}

	/**
	 * Sets when Clerk created the event.
	 * @param timestamp the time
	 * @return this event
	 */
	public ClerkEvent timestamp(Instant timestamp) {
		this.timestamp = timestamp;
		return this;
	}

	/**
	 * When Clerk created the event.
	 * @return the envelope's {@code timestamp}
	 */
	public Instant timestamp() {
		return this.timestamp;
	}

	/**
	 * Writes the envelope's {@code timestamp} in seconds, as the examples of Clerk's
	 * webhook schema do, instead of milliseconds, as Clerk's documentation does. A
	 * receiver should accept both.
	 * @return this event
	 */
	public ClerkEvent timestampInSeconds() {
		this.timestampInSeconds = true;
		return this;
	}

	/**
	 * Sets the instance id.
	 * @param instanceId the id
	 * @return this event
	 */
	public ClerkEvent instanceId(String instanceId) {
		this.instanceId = instanceId;
		return this;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("data", new LinkedHashMap<>(this.data));
		event.put("object", "event");
		event.put("type", this.type);
		event.put("timestamp",
				this.timestampInSeconds ? this.timestamp.getEpochSecond() : this.timestamp.toEpochMilli());
		event.put("instance_id", this.instanceId);
		event.put("event_attributes", Map.of("http_request", Map.of("client_ip", "127.0.0.1", "user_agent", "test")));
		return event;
	}

}
