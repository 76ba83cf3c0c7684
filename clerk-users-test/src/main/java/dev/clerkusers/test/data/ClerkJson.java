package dev.clerkusers.test.data;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Clerk object under construction that can be written as JSON.
 */
public interface ClerkJson {

	/**
	 * The object as plain maps and lists, in Clerk's field order.
	 * @return a fresh, mutable map
	 */
	Map<String, @Nullable Object> toMap();

	/**
	 * The object as JSON text.
	 * @return the JSON
	 */
	default String toJson() {
		return JsonMapper.shared().writeValueAsString(toMap());
	}

	/**
	 * The object as a Jackson tree.
	 * @return the tree
	 */
	default JsonNode toJsonNode() {
		return JsonMapper.shared().valueToTree(toMap());
	}

}
