package dev.clerkusers.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the library reads Clerk's JSON, from the Backend API and from webhooks alike. A
 * user writes its own unsafe metadata from Clerk's frontend, up to Clerk's 8 KB, which
 * can nest deeper than Jackson's default limit of 500 levels, or hold a number longer
 * than its default limit of 1,000 characters: read with those limits, such a user's
 * record would be no JSON at all, and a ban in it would never apply. So Clerk's JSON is
 * read up to {@value #MAX_NESTING_DEPTH} levels and numbers of up to
 * {@value #MAX_NUMBER_LENGTH} characters, and metadata that does not fit, a cosmetic
 * value, is left out (and logged), as an over-long name is cut: what decides access in
 * the same record still applies, and what is stored can be read back by any JSON parser's
 * defaults. Metadata does not fit when it nests deeper than {@value #MAX_METADATA_DEPTH}
 * levels, or holds an integer of more than 1,000 digits or a number beyond what a double
 * holds (about 1.8&times;10<sup>308</sup>).
 */
public final class ClerkJson {

	/**
	 * The deepest nesting read: above the 8,192 levels that 8 KB of metadata can hold.
	 */
	public static final int MAX_NESTING_DEPTH = 10_000;

	/**
	 * The longest number read, in characters: above the 8,192 that 8 KB of metadata can
	 * hold.
	 */
	public static final int MAX_NUMBER_LENGTH = 10_000;

	/**
	 * The deepest metadata kept, in levels below the metadata object itself.
	 */
	public static final int MAX_METADATA_DEPTH = 256;

	/**
	 * The most digits of an integer kept in metadata: what JSON parsers' defaults read
	 * back (Jackson's {@code StreamReadConstraints}).
	 */
	private static final int MAX_METADATA_DIGITS = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

	/**
	 * The levels of a record around its metadata: an event's envelope, its data, an
	 * organization membership's organization, with room to spare.
	 */
	private static final int RECORD_DEPTH = 16;

	private static final Log logger = LogFactory.getLog(ClerkJson.class);

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.build())
			.build())
		.build();

	private ClerkJson() {
	}

	/**
	 * The mapper that reads Clerk's JSON, up to {@value #MAX_NESTING_DEPTH} levels deep,
	 * with numbers of up to {@value #MAX_NUMBER_LENGTH} characters.
	 * @return the mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Leaves out, in place, each metadata value ({@code public_metadata},
	 * {@code private_metadata}, {@code unsafe_metadata}, any field named
	 * {@code …_metadata}, at any level) that does not fit: nested deeper than
	 * {@value #MAX_METADATA_DEPTH} levels, or holding an integer of more than 1,000
	 * digits or a number beyond what a double holds. It becomes an empty object.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param json Clerk's JSON, changed in place
	 * @param what what the JSON is, for the log, for example
	 * {@code "Clerk data of user_1"}
	 */
	public static void leaveOutUnfitMetadata(JsonNode json, String what) {
		Deque<JsonNode> containers = new ArrayDeque<>();
		containers.push(json);
		while (!containers.isEmpty()) {
			JsonNode container = containers.pop();
			if (container instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> property : object.properties()) {
					String unfit = property.getKey().endsWith("_metadata") ? unfit(property.getValue()) : null;
					if (unfit != null) {
						logger.warn(what + ": " + property.getKey() + " " + unfit + ", left out");
						property.setValue(object.objectNode());
					}
					else if (!property.getKey().endsWith("_metadata") && property.getValue().isContainer()) {
						containers.push(property.getValue());
					}
				}
			}
			else {
				for (JsonNode element : container.values()) {
					if (element.isContainer()) {
						containers.push(element);
					}
				}
			}
		}
	}

	/**
	 * Why metadata does not fit, or {@code null} when it does.
	 */
	private static @Nullable String unfit(JsonNode metadata) {
		Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
		pending.push(Map.entry(metadata, 0));
		while (!pending.isEmpty()) {
			Map.Entry<JsonNode, Integer> next = pending.pop();
			JsonNode value = next.getKey();
			if (next.getValue() > MAX_METADATA_DEPTH && value.isContainer()) {
				return "is nested deeper than " + MAX_METADATA_DEPTH + " levels";
			}
			if (value.isBigInteger() && value.bigIntegerValue().abs().toString().length() > MAX_METADATA_DIGITS) {
				return "holds an integer of more than " + MAX_METADATA_DIGITS + " digits";
			}
			if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
				return "holds a number beyond what a double holds";
			}
			for (JsonNode child : value.values()) {
				pending.push(Map.entry(child, next.getValue() + 1));
			}
		}
		return null;
	}

	/**
	 * Whether JSON nests deeper than Clerk's records do outside their metadata: more than
	 * {@value #MAX_METADATA_DEPTH} levels and a few for the record around it. Such JSON,
	 * once its deep metadata is left out, is no Clerk record.
	 * <p>
	 * Internal to clerk-users, shared by its packages: not public API (see
	 * {@code docs/versioning.md}).
	 * @param json the JSON
	 * @return {@code true} when it nests deeper
	 */
	public static boolean nestsTooDeep(JsonNode json) {
		return deeperThan(json, MAX_METADATA_DEPTH + RECORD_DEPTH);
	}

	/**
	 * Whether a value nests more than some levels of containers below itself.
	 */
	private static boolean deeperThan(JsonNode value, int levels) {
		Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
		pending.push(Map.entry(value, 0));
		while (!pending.isEmpty()) {
			Map.Entry<JsonNode, Integer> next = pending.pop();
			if (next.getValue() > levels) {
				return true;
			}
			for (JsonNode child : next.getKey().values()) {
				if (child.isContainer()) {
					pending.push(Map.entry(child, next.getValue() + 1));
				}
			}
		}
		return false;
	}

}
