package dev.clerkusers.mirror;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Read-only copies of JSON values held by a local copy (metadata, permissions). A cached
 * copy is shared by every request thread; a caller that changed its maps would change
 * them for all the others.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class ReadOnlyJson {

	private ReadOnlyJson() {
	}

	/**
	 * A read-only copy of a JSON object, nested objects and arrays included; {@code null}
	 * values are kept.
	 * @param values the object
	 * @return the copy
	 */
	public static Map<String, @Nullable Object> copyOf(Map<String, ?> values) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		values.forEach((key, value) -> copy.put(key, copyOfValue(value)));
		return Collections.unmodifiableMap(copy);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object copyOfValue(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return copyOf((Map<String, ?>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(copyOfValue(item)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
