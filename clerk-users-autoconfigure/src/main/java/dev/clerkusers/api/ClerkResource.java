package dev.clerkusers.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
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
	 * Binds Clerk's JSON to a resource. The library's own resources take a value only as
	 * its JSON type: a number is no string, a numeric string or a fraction no whole
	 * number, a string no boolean. In them, a value of an unexpected type in an optional,
	 * cosmetic field ({@link #LENIENT_FIELDS}: names, slugs, image URLs, usernames,
	 * metadata, counts, creation and expiry times) is ignored and logged, so that the
	 * rest of the record, what decides access included, still applies; anywhere else, and
	 * in an application's own resource types, it fails the record.
	 * @param <T> the resource type
	 * @param json the JSON object; metadata in it that cannot be kept (nested too deep, a
	 * number too long or too large) is left out in place
	 * ({@link ClerkJson#leaveOutUnfitMetadata})
	 * @param type the resource type
	 * @return the resource
	 * @throws MalformedClerkDataException when the JSON is not an object, or a field that
	 * is not cosmetic has the wrong type (an id or a role that is no string included)
	 */
	static <T extends ClerkResource> T read(JsonNode json, Class<T> type) {
		if (!json.isObject()) {
			throw new MalformedClerkDataException("Clerk data must be a JSON object, not " + json.getNodeType());
		}
		JsonNode id = json.get("id");
		// A NUL character shown escaped: the message is stored with a failed event.
		String what = (id != null && id.isString()) ? "Clerk data of " + id.asString().replace("\u0000", "\\u0000")
				: "Clerk data";
		ClerkJson.leaveOutUnfitMetadata(json, what);
		checkIdentifiers(what, json, "");
		try {
			return bind(type.getName().startsWith("dev.clerkusers.") ? LenientFields.STRICT : JsonMapper.shared(), json,
					type);
		}
		catch (JacksonException ex) {
			if (!type.getName().startsWith("dev.clerkusers.")) {
				// An application's own type: bound strictly.
				throw malformed(what, type, ex, json, ex);
			}
			List<String> ignored = new ArrayList<>();
			try {
				T value = bind(LenientFields.mapper(ignored), json, type);
				LenientFields.logger.warn(what + " has fields of an unexpected type, ignored: " + ignored);
				return value;
			}
			catch (JacksonException lenientFailure) {
				throw malformed(what, type, lenientFailure, json, ex);
			}
		}
	}

	/**
	 * Refuses an id ({@code id}, {@code …_id}) or a {@code role} that is no string,
	 * before binding would read a number as the string of its digits: a user stored under
	 * the Clerk id {@code "42"}, say; and one that holds a NUL character, which
	 * PostgreSQL cannot store and which removed would make it another id or role (a
	 * permission is refused for one as well). A list of Clerk's holds no {@code null} (an
	 * address, a permission). Metadata, which is the application's own, is not looked
	 * into.
	 */
	private static void checkIdentifiers(String what, JsonNode json, String path) {
		if (json.isArray()) {
			for (int i = 0; i < json.size(); i++) {
				if (json.get(i).isNull()) {
					throw new MalformedClerkDataException(what + " is malformed: " + path + "[" + i + "] is null");
				}
				checkIdentifiers(what, json.get(i), path + "[" + i + "]");
			}
			return;
		}
		for (var property : json.properties()) {
			String name = property.getKey();
			JsonNode value = property.getValue();
			String field = path.isEmpty() ? name : path + "." + name;
			if (name.endsWith("_metadata") || LENIENT_FIELDS.contains(name)) {
				continue;
			}
			boolean identifier = name.equals("id") || name.endsWith("_id") || name.equals("role");
			if (identifier && !value.isString() && !value.isNull()) {
				throw new MalformedClerkDataException(
						what + " is malformed: " + field + " is a " + value.getNodeType() + ", not a string");
			}
			if (identifier) {
				refuseNul(what, field, value);
			}
			if (name.equals("permissions") && value.isArray()) {
				for (int i = 0; i < value.size(); i++) {
					refuseNul(what, field + "[" + i + "]", value.get(i));
				}
			}
			if (value.isContainer()) {
				checkIdentifiers(what, value, field);
			}
		}
	}

	/**
	 * Refuses a string that decides access (an id, a role, a permission) with a NUL
	 * character or a lone UTF-16 surrogate: PostgreSQL cannot store them, and without
	 * them, it would be another one.
	 */
	private static void refuseNul(String what, String field, JsonNode value) {
		if (value.isString() && hasNulOrLoneSurrogate(value.asString())) {
			throw new MalformedClerkDataException(what + " is malformed: " + field
					+ " contains a NUL character or a lone surrogate, which the database cannot store");
		}
	}

	private static boolean hasNulOrLoneSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (c == '\u0000' || Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Why Clerk's data could not be bound: for a value of another type than its field's,
	 * the field and both types, as {@code updated_at is a STRING, not a number}; else
	 * Jackson's own words, after the field.
	 */
	private static MalformedClerkDataException malformed(String what, Class<?> type, JacksonException failure,
			JsonNode json, JacksonException cause) {
		Optional<String> field = LenientFields.path(failure);
		JsonNode value = valueAt(json, failure);
		String expected = (failure instanceof MismatchedInputException mismatch)
				? expectedJson(mismatch.getTargetType()) : null;
		if (field.isPresent() && value != null && expected != null) {
			// The library's own resources are named by the data they hold, an
			// application's type by its name.
			String verdict = type.getName().startsWith("dev.clerkusers.") ? " is malformed: "
					: " is not a " + type.getSimpleName() + ": ";
			return new MalformedClerkDataException(
					what + verdict + field.get() + " is a " + value.getNodeType() + ", not " + expected, cause);
		}
		return new MalformedClerkDataException(what + " is not a " + type.getSimpleName() + ": "
				+ field.map((path) -> path + ": ").orElse("") + failure.getOriginalMessage(), cause);
	}

	private static @Nullable JsonNode valueAt(JsonNode json, JacksonException failure) {
		JsonNode node = json;
		for (JacksonException.Reference reference : failure.getPath()) {
			if (node == null) {
				return null;
			}
			node = (reference.getPropertyName() != null) ? node.get(reference.getPropertyName())
					: node.get(reference.getIndex());
		}
		return node;
	}

	/** The JSON a Java type is read from, or {@code null} when it is no plain one. */
	private static @Nullable String expectedJson(@Nullable Class<?> target) {
		if (target == null) {
			return null;
		}
		if (target == String.class) {
			return "a string";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "a boolean";
		}
		if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != char.class)) {
			return "a number";
		}
		if (target.isArray() || Collection.class.isAssignableFrom(target)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(target) || target.isRecord()) {
			return "an object";
		}
		return null;
	}

	private static <T> T bind(JsonMapper mapper, JsonNode json, Class<T> type) {
		T value = mapper.treeToValue(json, type);
		if (value == null) {
			throw new MalformedClerkDataException("Clerk data is not a " + type.getSimpleName());
		}
		return value;
	}

	/**
	 * Optional, cosmetic fields of the library's own resources whose value is ignored,
	 * not fatal, when its type is not the expected one.
	 */
	Set<String> LENIENT_FIELDS = Set.of("first_name", "last_name", "name", "slug", "image_url", "profile_image_url",
			"has_image", "username", "identifier", "external_id", "public_metadata", "private_metadata",
			"unsafe_metadata", "role_name", "created_by", "members_count", "pending_invitations_count",
			"max_allowed_memberships", "admin_delete_enabled", "lockout_expires_in_seconds", "url", "created_at",
			"expires_at");

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
