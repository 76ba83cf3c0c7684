package dev.clerkusers.test.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of one Clerk webhook event type, as listed in
 * {@code src/test/resources/clerk-webhook-schema/<event>.json} (generated from Clerk's
 * published schema by {@code refresh.py} there), and the check of a payload against them.
 * <p>
 * A payload fails when a required field is missing, a field has another type than the
 * schema's, a field is {@code null} where the schema does not allow it, a value is not
 * one of the schema's enumerated values, a field of a structured object is not in the
 * schema at all, or a time inside {@code data} ({@code *_at}) is not in epoch
 * milliseconds.
 */
final class ClerkWebhookSchema {

	/** The smallest time in milliseconds accepted: 1973-03-03 (below it are seconds). */
	private static final long MIN_MILLISECONDS = 100_000_000_000L;

	/**
	 * The largest time in milliseconds accepted: 5138-11-16 (above it are microseconds).
	 */
	private static final long MAX_MILLISECONDS = 100_000_000_000_000L;

	private final Map<String, Map<String, Object>> envelope;

	private final Map<String, Map<String, Object>> data;

	private final Map<String, Object> example;

	private ClerkWebhookSchema(Map<String, Map<String, Object>> envelope, Map<String, Map<String, Object>> data,
			Map<String, Object> example) {
		this.envelope = envelope;
		this.data = data;
		this.example = example;
	}

	/**
	 * The schema of an event type.
	 * @param event the event type, for example {@code user.created}
	 * @return the schema
	 */
	@SuppressWarnings("unchecked")
	static ClerkWebhookSchema of(String event) {
		String resource = "/clerk-webhook-schema/" + event + ".json";
		try (InputStream in = ClerkWebhookSchema.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No field list for " + event + " (" + resource + ")");
			}
			Map<String, Object> document = JsonMapper.shared().readValue(in, Map.class);
			return new ClerkWebhookSchema((Map<String, Map<String, Object>>) document.get("envelope"),
					(Map<String, Map<String, Object>>) document.get("data"),
					(Map<String, Object>) document.get("example"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Clerk's example of the event, from the schema.
	 * @return the example payload
	 */
	Map<String, Object> example() {
		return this.example;
	}

	/**
	 * Checks a whole event payload (envelope and data).
	 * @param payload the payload as JSON values
	 * @return the violations, empty when the payload matches
	 */
	@SuppressWarnings("unchecked")
	List<String> violations(Map<String, Object> payload) {
		List<String> violations = new ArrayList<>();
		checkObject(this.envelope, "", payload, "", violations, false);
		Object data = payload.get("data");
		if (data instanceof Map<?, ?> map) {
			checkObject(this.data, "", (Map<String, Object>) map, "data.", violations, true);
		}
		return violations;
	}

	/**
	 * The dotted paths of the objects in Clerk's example of this event that the payload
	 * lacks, for the objects whose fields the schema lists (metadata maps are free-form).
	 * @param payload the payload as JSON values
	 * @return the missing paths
	 */
	@SuppressWarnings("unchecked")
	Set<String> exampleFieldsMissingFrom(Map<String, Object> payload) {
		Set<String> missing = new TreeSet<>();
		compareToExample((Map<String, Object>) this.example.get("data"), (Map<String, Object>) payload.get("data"), "",
				missing);
		return missing;
	}

	@SuppressWarnings("unchecked")
	private void compareToExample(Map<String, Object> example, Map<String, Object> actual, String path,
			Set<String> missing) {
		if (!path.isEmpty() && childNames(this.data, path.substring(0, path.length() - 1)).isEmpty()) {
			return;
		}
		example.forEach((name, value) -> {
			if (!actual.containsKey(name)) {
				missing.add(path + name);
			}
			else if (value instanceof Map<?, ?> nested && actual.get(name) instanceof Map<?, ?> actualNested) {
				compareToExample((Map<String, Object>) nested, (Map<String, Object>) actualNested, path + name + ".",
						missing);
			}
		});
	}

	private static void checkObject(Map<String, Map<String, Object>> fields, String path, Map<String, Object> object,
			String shownPrefix, List<String> violations, boolean inData) {
		Set<String> names = childNames(fields, path);
		for (String name : names) {
			Map<String, Object> field = fields.get(join(path, name));
			if (Boolean.TRUE.equals(field.get("required")) && !object.containsKey(name)) {
				violations.add(shownPrefix + join(path, name) + ": required by Clerk's schema, missing");
			}
		}
		for (Map.Entry<String, Object> entry : object.entrySet()) {
			String fieldPath = join(path, entry.getKey());
			Map<String, Object> field = fields.get(fieldPath);
			if (field == null) {
				violations.add(shownPrefix + fieldPath + ": not in Clerk's schema");
				continue;
			}
			checkValue(fields, fieldPath, field, entry.getValue(), shownPrefix, violations, inData);
		}
	}

	@SuppressWarnings("unchecked")
	private static void checkValue(Map<String, Map<String, Object>> fields, String path, Map<String, Object> field,
			Object value, String shownPrefix, List<String> violations, boolean inData) {
		String shown = shownPrefix + path;
		if (value == null) {
			if (!Boolean.TRUE.equals(field.get("nullable"))) {
				violations.add(shown + ": null, which Clerk's schema does not allow");
			}
			return;
		}
		String type = (String) field.get("type");
		if (!hasType(value, type)) {
			violations.add(shown + ": " + typeOf(value) + " where Clerk's schema has " + type);
			return;
		}
		List<Object> values = (List<Object>) field.get("enum");
		if (values != null && !values.contains(value)) {
			violations.add(shown + ": " + value + " is not one of " + values);
		}
		if (inData && value instanceof Number number && isTime(path)
				&& (number.longValue() < MIN_MILLISECONDS || number.longValue() >= MAX_MILLISECONDS)) {
			violations.add(shown + ": " + number + " is not a time in epoch milliseconds");
		}
		if (value instanceof Map<?, ?> map && !childNames(fields, path).isEmpty()) {
			checkObject(fields, path, (Map<String, Object>) map, shownPrefix, violations, inData);
		}
		if (value instanceof List<?> list) {
			String items = path + "[]";
			boolean structured = !childNames(fields, items).isEmpty();
			for (Object item : list) {
				if (structured && item instanceof Map<?, ?> map) {
					checkObject(fields, items, (Map<String, Object>) map, shownPrefix, violations, inData);
				}
				else if (field.get("items") instanceof String itemType && !hasType(item, itemType)) {
					violations.add(shownPrefix + items + ": " + typeOf(item) + " where Clerk's schema has " + itemType);
				}
			}
		}
	}

	private static boolean isTime(String path) {
		String name = path.substring(path.lastIndexOf('.') + 1);
		return name.endsWith("_at");
	}

	/**
	 * The names of the fields directly under a path ({@code ""} for the top level,
	 * {@code a.b}, or {@code a[]} for the items of array {@code a}).
	 */
	private static Set<String> childNames(Map<String, Map<String, Object>> fields, String path) {
		String prefix = path.isEmpty() ? "" : path + ".";
		Set<String> names = new TreeSet<>();
		for (String candidate : fields.keySet()) {
			if (candidate.startsWith(prefix)) {
				String rest = candidate.substring(prefix.length());
				if (!rest.contains(".") && !rest.contains("[")) {
					names.add(rest);
				}
			}
		}
		return names;
	}

	private static String join(String path, String name) {
		return path.isEmpty() ? name : path + "." + name;
	}

	private static boolean hasType(Object value, String type) {
		return switch (type) {
			case "string" -> value instanceof String;
			case "integer" ->
				value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
			case "number" -> value instanceof Number;
			case "boolean" -> value instanceof Boolean;
			case "object" -> value instanceof Map;
			case "array" -> value instanceof List;
			default -> throw new IllegalStateException("Unknown type in the field list: " + type);
		};
	}

	private static String typeOf(Object value) {
		if (value instanceof String) {
			return "string";
		}
		if (value instanceof Boolean) {
			return "boolean";
		}
		if (value instanceof Map) {
			return "object";
		}
		if (value instanceof List) {
			return "array";
		}
		if (value instanceof Integer || value instanceof Long) {
			return "integer";
		}
		return (value instanceof Number) ? "number" : value.getClass().getSimpleName();
	}

	/**
	 * A payload as it travels: written as JSON and read back as plain values.
	 * @param event the event
	 * @return the JSON values
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> asSent(ClerkEvent event) {
		return new LinkedHashMap<>(JsonMapper.shared().readValue(event.toJson(), Map.class));
	}

}
