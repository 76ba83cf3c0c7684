package dev.clerkusers.token;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A token in the JWS compact serialization, split and decoded as strictly as RFC 7515
 * asks, before Nimbus sees it (Nimbus's own decoding is lenient: it skips characters
 * outside the alphabet).
 * <ul>
 * <li>Exactly three segments, separated by dots.</li>
 * <li>Each segment is base64url without padding: only {@code A-Z a-z 0-9 - _}, so no
 * standard-alphabet {@code +} or {@code /}, no {@code =} and no whitespace anywhere;
 * never a length of 1 modulo 4, and no bits set after the last byte (as
 * {@code @clerk/backend}'s decoder requires too).</li>
 * <li>The header, and (read only after the signature is verified) the payload, are one
 * JSON object each (strictly UTF-8, no byte order mark), with no name twice at any depth
 * and nothing after the object.</li>
 * </ul>
 * Every refusal is {@link TokenRejectionReason#MALFORMED}.
 */
final class CompactJws {

	private static final JsonFactory JSON = new JsonFactory();

	private final String header;

	private final String payload;

	private final String signature;

	private final Map<String, @Nullable Object> headerJson;

	private CompactJws(String header, String payload, String signature) {
		this.header = header;
		this.payload = payload;
		this.signature = signature;
		this.headerJson = object(decode(header, "header"), "header");
	}

	/**
	 * Splits a token and reads its header.
	 * @param token the token, exactly as received
	 * @return the token's parts
	 * @throws ClerkTokenException with {@link TokenRejectionReason#MALFORMED} when the
	 * token is not three segments or its header is not base64url of a JSON object; the
	 * payload and signature are checked by {@link #checkEncoding()}, once the header's
	 * rules have passed
	 */
	static CompactJws parse(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		if (second < 0 || token.indexOf('.', second + 1) >= 0) {
			throw malformed("The token is not three segments separated by dots (a signed JWT)");
		}
		return new CompactJws(token.substring(0, first), token.substring(first + 1, second),
				token.substring(second + 1));
	}

	/**
	 * The header segment, as received.
	 * @return the base64url header
	 */
	String header() {
		return this.header;
	}

	/**
	 * The payload segment, as received.
	 * @return the base64url payload
	 */
	String payload() {
		return this.payload;
	}

	/**
	 * The signature segment, as received (checked to be base64url).
	 * @return the base64url signature, possibly empty
	 */
	String signature() {
		return this.signature;
	}

	/**
	 * The header's parameters, as JSON values: a {@code null} value is a parameter
	 * present as JSON {@code null}.
	 * @return the parameters
	 */
	Map<String, @Nullable Object> headerJson() {
		return this.headerJson;
	}

	/**
	 * Checks that the payload and the signature are base64url without padding (the
	 * signature may be empty).
	 * @throws ClerkTokenException with {@link TokenRejectionReason#MALFORMED} when one is
	 * not
	 */
	void checkEncoding() {
		decode(this.payload, "payload");
		decode(this.signature, "signature");
	}

	/**
	 * Reads the payload, which is only to be done once the signature is verified. Numbers
	 * are {@link Long} when integral and within its range, {@link Double} otherwise, or
	 * {@link BigDecimal} beyond the range of a double (as {@code 1e400}).
	 * @return the claims, as JSON values
	 * @throws ClerkTokenException with {@link TokenRejectionReason#MALFORMED} when the
	 * payload is not a JSON object
	 */
	Map<String, @Nullable Object> payloadJson() {
		return object(decode(this.payload, "payload"), "payload");
	}

	private static byte[] decode(String segment, String name) {
		for (int i = 0; i < segment.length(); i++) {
			if (value(segment.charAt(i)) < 0) {
				throw malformed("The token's " + name + " is not base64url without padding: it holds "
						+ describe(segment.charAt(i)));
			}
		}
		int rest = segment.length() % 4;
		if (rest == 1) {
			throw malformed("The token's " + name + " has a length no base64url encoding has");
		}
		if (rest != 0 && (value(segment.charAt(segment.length() - 1)) & ((rest == 2) ? 0x0F : 0x03)) != 0) {
			throw malformed("The token's " + name + " is not canonical base64url (bits set after its last byte)");
		}
		return Base64.getUrlDecoder().decode(segment);
	}

	private static int value(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		if (c == '-') {
			return 62;
		}
		if (c == '_') {
			return 63;
		}
		return -1;
	}

	private static String describe(char c) {
		return switch (c) {
			case '=' -> "padding ('=')";
			case '+', '/' -> "a character of the standard base64 alphabet ('" + c + "')";
			default -> (Character.isWhitespace(c) || Character.isISOControl(c))
					? "whitespace or a control character (U+" + String.format("%04X", (int) c) + ")"
					: "a character outside the base64url alphabet (U+" + String.format("%04X", (int) c) + ")";
		};
	}

	private static Map<String, @Nullable Object> object(byte[] bytes, String name) {
		String text;
		try {
			// Strictly: bytes that are not UTF-8 are refused, never read as U+FFFD.
			text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed("The token's " + name + " is not UTF-8");
		}
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw malformed("The token's " + name + " is not a JSON object");
			}
			Map<String, @Nullable Object> object = readObject(parser, name);
			if (parser.nextToken() != null) {
				throw malformed("The token's " + name + " has more after its JSON object");
			}
			return object;
		}
		catch (JacksonException ex) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
					"The token's " + name + " is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static Map<String, @Nullable Object> readObject(JsonParser parser, String name) {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String property = parser.currentName();
			if (object.containsKey(property)) {
				throw malformed("The token's " + name + " has the name '" + property + "' twice in one object");
			}
			parser.nextToken();
			object.put(property, readValue(parser, name));
		}
		if (token != JsonToken.END_OBJECT) {
			throw malformed("The token's " + name + " is not valid JSON");
		}
		return object;
	}

	private static @Nullable Object readValue(JsonParser parser, String name) {
		JsonToken token = parser.currentToken();
		if (token == null) {
			throw malformed("The token's " + name + " ends inside its JSON");
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser, name);
			case START_ARRAY -> readArray(parser, name);
			case VALUE_STRING -> parser.getString();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser);
			default -> throw malformed("The token's " + name + " is not valid JSON");
		};
	}

	private static List<@Nullable Object> readArray(JsonParser parser, String name) {
		List<@Nullable Object> array = new ArrayList<>();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			array.add(readValue(parser, name));
		}
		return array;
	}

	/**
	 * A number as Nimbus's JSON parser gives it ({@link Long}, or {@link Double} when not
	 * an integer within the range of a long), except that a number beyond the range of a
	 * double stays exact as a {@link BigDecimal} instead of failing the parse, so that a
	 * time claim like {@code exp: 1e400} is refused by the rule for times.
	 */
	private static Number number(JsonParser parser) {
		if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			JsonParser.NumberType type = parser.getNumberType();
			if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
				return parser.getLongValue();
			}
		}
		double approximate = parser.getDoubleValue();
		if (Double.isInfinite(approximate)) {
			return parser.getDecimalValue();
		}
		return approximate;
	}

	private static ClerkTokenException malformed(String message) {
		return new ClerkTokenException(TokenRejectionReason.MALFORMED, message);
	}

}
