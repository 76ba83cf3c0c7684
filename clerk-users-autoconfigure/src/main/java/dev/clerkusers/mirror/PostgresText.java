package dev.clerkusers.mirror;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Text of Clerk's that PostgreSQL can store. PostgreSQL refuses the NUL character in
 * {@code text} and {@code jsonb} values, and a user can put one in the metadata Clerk
 * lets them write from the frontend; it is removed, so that nothing else of the record is
 * lost. A lone UTF-16 surrogate (half of a pair, which JSON's escapes can write) is no
 * character of UTF-8, in which PostgreSQL stores text, and the driver would send it as
 * {@code ?}, another character: it becomes U+FFFD, the replacement character. A value
 * that identifies a record (an id, an address, a username) is never changed so: it is
 * refused or left out ({@link #hasUnstorable}). A {@code varchar(n)} column holds n
 * characters, which are code points, not {@code char}s: {@link #length} and {@link #cut}
 * count as it does.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class PostgresText {

	private static final char NUL = '\u0000';

	private static final char REPLACEMENT = '\uFFFD';

	private PostgresText() {
	}

	/**
	 * A string that PostgreSQL can store: without NUL characters, and with U+FFFD for
	 * each lone surrogate.
	 * @param value the string, or {@code null}
	 * @return the string that PostgreSQL can store, the same instance when it could
	 */
	public static @Nullable String clean(@Nullable String value) {
		if (value == null || !hasUnstorable(value)) {
			return value;
		}
		StringBuilder clean = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				clean.append(c).append(value.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				clean.append(REPLACEMENT);
			}
			else if (c != NUL) {
				clean.append(c);
			}
		}
		return clean.toString();
	}

	/**
	 * Whether a string holds a character that PostgreSQL cannot store: a NUL character,
	 * or a lone UTF-16 surrogate. Removed or replaced in an id, a role, an address or a
	 * username that tells records apart, it would be another one.
	 * @param value the string
	 * @return {@code true} when it holds one
	 */
	public static boolean hasUnstorable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == NUL) {
				return true;
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The length of a string as PostgreSQL counts it against a {@code varchar(n)} column:
	 * in characters (code points), where {@link String#length()} counts UTF-16 units, two
	 * for a character outside the Basic Multilingual Plane (an emoji, say).
	 * @param value the string
	 * @return its number of characters
	 */
	public static int length(String value) {
		return value.codePointCount(0, value.length());
	}

	/**
	 * A string cut to a number of characters as PostgreSQL counts them, never inside a
	 * character.
	 * @param value the string
	 * @param max the most characters to keep
	 * @return the string, the same instance when it is not longer
	 */
	public static String cut(String value, int max) {
		return (length(value) <= max) ? value : value.substring(0, value.offsetByCodePoints(0, max));
	}

	/**
	 * A value cut to its column, in characters as PostgreSQL counts them.
	 * @param field the column, for the log
	 * @param value the value, or {@code null}
	 * @param max the column's length
	 * @param changes collects what was changed
	 * @return the value that fits
	 */
	public static @Nullable String cut(String field, @Nullable String value, int max, List<String> changes) {
		if (value == null || length(value) <= max) {
			return value;
		}
		changes.add(field + " cut from " + length(value) + " to " + max + " characters");
		return cut(value, max);
	}

	/**
	 * A value left out when longer than its column, in characters as PostgreSQL counts
	 * them, or when it holds a NUL character or a lone surrogate: cut, or without it, it
	 * would be another value (a username, an address, a slug).
	 * @param field the column, for the log
	 * @param value the value, or {@code null}
	 * @param max the column's length
	 * @param changes collects what was changed
	 * @return the value, or {@code null} when it does not fit
	 */
	public static @Nullable String leaveOut(String field, @Nullable String value, int max, List<String> changes) {
		if (value == null) {
			return null;
		}
		if (hasUnstorable(value)) {
			changes.add(field + " left out (a NUL character or a lone surrogate)");
			return null;
		}
		if (length(value) <= max) {
			return value;
		}
		changes.add(field + " left out (" + length(value) + " characters, at most " + max + ")");
		return null;
	}

	/**
	 * A JSON tree whose strings and field names PostgreSQL can store
	 * ({@link #clean(String)}).
	 * @param json the tree
	 * @return the tree without them, the same instance when it had none
	 */
	public static JsonNode clean(JsonNode json) {
		return hasUnstorable(json) ? copy(json) : json;
	}

	/**
	 * A map of JSON values (strings, numbers, booleans, lists and maps) whose strings and
	 * keys PostgreSQL can store ({@link #clean(String)}).
	 * @param values the map
	 * @return a copy without them
	 */
	public static Map<String, @Nullable Object> clean(Map<String, ?> values) {
		Map<String, @Nullable Object> clean = new LinkedHashMap<>();
		values.forEach((key, value) -> clean.put(String.valueOf(clean(key)), cleanValue(value)));
		return clean;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object cleanValue(@Nullable Object value) {
		if (value instanceof String string) {
			return clean(string);
		}
		if (value instanceof Map<?, ?> map) {
			return clean((Map<String, ?>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> clean = new ArrayList<>(list.size());
			list.forEach((item) -> clean.add(cleanValue(item)));
			return clean;
		}
		return value;
	}

	private static boolean hasUnstorable(JsonNode json) {
		if (json.isString()) {
			return hasUnstorable(json.asString());
		}
		if (json.isObject()) {
			for (Map.Entry<String, JsonNode> field : json.properties()) {
				if (hasUnstorable(field.getKey()) || hasUnstorable(field.getValue())) {
					return true;
				}
			}
			return false;
		}
		if (json.isArray()) {
			for (JsonNode item : json) {
				if (hasUnstorable(item)) {
					return true;
				}
			}
		}
		return false;
	}

	private static JsonNode copy(JsonNode json) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (json.isString()) {
			return nodes.stringNode(clean(json.asString()));
		}
		if (json.isObject()) {
			ObjectNode object = nodes.objectNode();
			for (Map.Entry<String, JsonNode> field : json.properties()) {
				object.set(String.valueOf(clean(field.getKey())), copy(field.getValue()));
			}
			return object;
		}
		if (json.isArray()) {
			ArrayNode array = nodes.arrayNode();
			json.forEach((item) -> array.add(copy(item)));
			return array;
		}
		return json;
	}

}
