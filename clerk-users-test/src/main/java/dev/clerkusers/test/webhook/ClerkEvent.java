package dev.clerkusers.test.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

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
 * <p>
 * The envelope's {@code instance_id} is, unless set, the fake Clerk's instance id when a
 * {@link ClerkWebhookClient#from(FakeClerkBackend) client bound to it} delivers the
 * event, and {@link #DEFAULT_INSTANCE_ID} otherwise.
 */
public final class ClerkEvent implements ClerkJson {

	/**
	 * The {@code instance_id} of an event that names no instance, delivered by a client
	 * not bound to a fake Clerk (see {@link ClerkWebhookClient#from}) or with MockMvc:
	 * the instance of the fake that {@code @AutoConfigureFakeClerk} starts, so that such
	 * deliveries come from the test's Clerk instance.
	 */
	public static final String DEFAULT_INSTANCE_ID = "ins_test";

	private final String type;

	private final Map<String, @Nullable Object> data;

	private String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");

	private Instant timestamp;

	private boolean timestampInSeconds;

	private @Nullable String instanceId;

	ClerkEvent(String type, Map<String, @Nullable Object> data) {
		Objects.requireNonNull(type, "type must not be null");
		if (type.isBlank()) {
			throw new IllegalArgumentException("An event has a type, such as user.created; not '" + type + "'");
		}
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
	 * Sets the instance id ({@code instance_id}), which then wins over the one of a
	 * {@link ClerkWebhookClient#from bound client}.
	 * @param instanceId the id
	 * @return this event
	 */
	public ClerkEvent instanceId(String instanceId) {
		this.instanceId = instanceId;
		return this;
	}

	/**
	 * The envelope with {@link #DEFAULT_INSTANCE_ID} as its {@code instance_id} unless
	 * {@link #instanceId(String)} set one.
	 */
	@Override
	public Map<String, @Nullable Object> toMap() {
		return toMap(DEFAULT_INSTANCE_ID);
	}

	/**
	 * The envelope as JSON text, with this instance id unless the event sets its own.
	 * @param instanceIdUnlessSet the instance id of the client that delivers it
	 * @return the JSON
	 */
	String toJson(String instanceIdUnlessSet) {
		return JsonMapper.shared().writeValueAsString(toMap(instanceIdUnlessSet));
	}

	private Map<String, @Nullable Object> toMap(String instanceIdUnlessSet) {
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		event.put("data", new LinkedHashMap<>(this.data));
		event.put("object", "event");
		event.put("type", this.type);
		event.put("timestamp",
				this.timestampInSeconds ? this.timestamp.getEpochSecond() : this.timestamp.toEpochMilli());
		event.put("instance_id", (this.instanceId != null) ? this.instanceId : instanceIdUnlessSet);
		event.put("event_attributes", Map.of("http_request", Map.of("client_ip", "127.0.0.1", "user_agent", "test")));
		return event;
	}

}
