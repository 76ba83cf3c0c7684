package dev.clerkusers.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
	 * Binds Clerk's JSON to a resource. A value of an unexpected type in an optional,
	 * cosmetic field ({@link #LENIENT_FIELDS}: names, slugs, image URLs, usernames,
	 * metadata, counts, creation and expiry times) is ignored and logged, so that the
	 * rest of the record, what decides access included, still applies; anywhere else it
	 * fails the record.
	 * @param <T> the resource type
	 * @param json the JSON object
	 * @param type the resource type
	 * @return the resource
	 * @throws MalformedClerkDataException when the JSON is not an object, or a field that
	 * is not cosmetic has the wrong type
	 */
	static <T extends ClerkResource> T read(JsonNode json, Class<T> type) {
		if (!json.isObject()) {
			throw new MalformedClerkDataException("Clerk data must be a JSON object, not " + json.getNodeType());
		}
		JsonNode id = json.get("id");
		String what = (id != null && id.isString()) ? "Clerk data of " + id.asString() : "Clerk data";
		try {
			return bind(JsonMapper.shared(), json, type);
		}
		catch (JacksonException ex) {
			List<String> ignored = new ArrayList<>();
			try {
				T value = bind(LenientFields.mapper(ignored), json, type);
				LenientFields.logger.warn(what + " has fields of an unexpected type, ignored: " + ignored);
				return value;
			}
			catch (JacksonException lenientFailure) {
				throw new MalformedClerkDataException(
						what + " is not a " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
			}
		}
	}

	private static <T> T bind(JsonMapper mapper, JsonNode json, Class<T> type) {
		T value = mapper.treeToValue(json, type);
		if (value == null) {
			throw new MalformedClerkDataException("Clerk data is not a " + type.getSimpleName());
		}
		return value;
	}

	/**
	 * Optional, cosmetic fields whose value is ignored, not fatal, when its type is not
	 * the expected one.
	 */
	Set<String> LENIENT_FIELDS = Set.of("first_name", "last_name", "name", "slug", "image_url", "profile_image_url",
			"has_image", "username", "identifier", "external_id", "public_metadata", "private_metadata",
			"unsafe_metadata", "role_name", "members_count", "pending_invitations_count", "max_allowed_memberships",
			"admin_delete_enabled", "lockout_expires_in_seconds", "url", "created_at", "expires_at");

	/**
	 * Whether epoch milliseconds are a time that Clerk can have sent and PostgreSQL can
	 * store: between 1970 and the end of 9999.
	 * @param epochMillis the time in milliseconds since the epoch, or {@code null}
	 * @return {@code true} for such a time, and for {@code null} (no time)
	 */
	static boolean isStorable(@Nullable Long epochMillis) {
		return epochMillis == null || (epochMillis >= 0 && epochMillis <= 253_402_300_799_999L);
	}

	/**
	 * Converts Clerk's epoch milliseconds.
	 * @param epochMillis the time in milliseconds since the epoch, or {@code null}
	 * @return the instant, or {@code null} for {@code null}
	 */
	static @Nullable Instant instant(@Nullable Long epochMillis) {
		return (epochMillis != null) ? Instant.ofEpochMilli(epochMillis) : null;
	}

}
