package dev.clerkusers.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Clerk object with Clerk's creation and change times, which Clerk sends as Unix epoch
 * milliseconds. The {@code Instant} views convert them once, at the resource boundary.
 */
public interface ClerkResource {

	/**
	 * When Clerk created the object.
	 * @return epoch milliseconds, or {@code null} when Clerk sent none
	 */
	@Nullable Long createdAt();

	/**
	 * When Clerk last changed the object.
	 * @return epoch milliseconds, or {@code null} when Clerk sent none
	 */
	@Nullable Long updatedAt();

	/**
	 * When Clerk created the object.
	 * @return the time, or {@code null} when Clerk sent none
	 */
	default @Nullable Instant createdAtInstant() {
		return instant(createdAt());
	}

	/**
	 * When Clerk last changed the object.
	 * @return the time, or {@code null} when Clerk sent none
	 */
	default @Nullable Instant updatedAtInstant() {
		return instant(updatedAt());
	}

	/**
	 * Reads Clerk's JSON of an object, as a webhook's {@code data} or a Backend API
	 * response carries it. Unknown fields are ignored.
	 * @param <T> the resource type
	 * @param json the object
	 * @param type the resource type, for example {@code UserResource.class}
	 * @return the resource
	 * @throws MalformedClerkDataException when the JSON is not an object of the type's
	 * shape
	 */
	static <T extends ClerkResource> T read(JsonNode json, Class<T> type) {
		if (!json.isObject()) {
			throw new MalformedClerkDataException("Clerk data must be a JSON object, not " + json.getNodeType());
		}
		try {
			T value = JsonMapper.shared().treeToValue(json, type);
			if (value == null) {
				throw new MalformedClerkDataException("Clerk data is not a " + type.getSimpleName());
			}
			return value;
		}
		catch (JacksonException ex) {
			JsonNode id = json.get("id");
			String what = (id != null && id.isString()) ? "Clerk data of " + id.asString() : "Clerk data";
			throw new MalformedClerkDataException(
					what + " is not a " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Converts a time as Clerk sends it.
	 * @param epochMillis Unix epoch milliseconds, or {@code null}
	 * @return the time, or {@code null}
	 */
	static @Nullable Instant instant(@Nullable Long epochMillis) {
		return (epochMillis != null) ? Instant.ofEpochMilli(epochMillis) : null;
	}

}
