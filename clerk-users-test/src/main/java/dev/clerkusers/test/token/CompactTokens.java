package dev.clerkusers.test.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * A kit token in compact form, written as it was set, so that a test of a rule that
 * refuses a header is refused by that rule and not an earlier one:
 * <ul>
 * <li>the header is its parameters as they were set: JOSE's own serialisation would leave
 * some out (an empty {@code crit});</li>
 * <li>the payload is its claims as they were set: a claims set of JOSE's own would leave
 * out an audience that is no string nor list of strings;</li>
 * <li>the payload is always base64url-encoded, also under {@code b64: false}, as in a
 * token made for verifiers that ignore {@code b64}: RFC 7797's unencoded payload, the
 * claims as they are, holds dots (an issuer's address) and would not be three
 * segments.</li>
 * </ul>
 */
final class CompactTokens {

	private CompactTokens() {
	}

	/**
	 * Signs claims under a header of these parameters.
	 * @param headerFields the header's parameters, in order
	 * @param claims the claims, in order: JSON values (strings, numbers, booleans, lists
	 * and maps of them); a claim's {@link Instant} or {@link Date} is written as its
	 * number of seconds, as JWT times are
	 * @param key the signing key
	 * @return the compact token
	 * @throws ParseException when a header value is one JOSE does not allow
	 * @throws IllegalArgumentException when a claim's or header parameter's value has no
	 * JSON form
	 * @throws JOSEException when the token cannot be signed
	 */
	static String sign(Map<String, Object> headerFields, Map<String, Object> claims, RSAKey key)
			throws ParseException, JOSEException {
		headerFields.forEach((name, value) -> requireJson("header parameter", name, value));
		Base64URL header = Base64URL.encode(JSONObjectUtils.toJSONString(headerFields));
		Map<String, Object> payloadClaims = new LinkedHashMap<>(claims);
		payloadClaims.replaceAll((name, value) -> seconds(value));
		payloadClaims.forEach((name, value) -> requireJson("claim", name, value));
		Base64URL payload = Base64URL.encode(JSONObjectUtils.toJSONString(payloadClaims));
		String signingInput = header + "." + payload;
		Base64URL signature = new RSASSASigner(key).sign(JWSHeader.parse(header),
				signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + signature;
	}

	private static Object seconds(Object value) {
		if (value instanceof Instant instant) {
			return instant.getEpochSecond();
		}
		if (value instanceof Date date) {
			return date.toInstant().getEpochSecond();
		}
		return value;
	}

	private static void requireJson(String kind, String name, @Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, member) -> {
				if (!(key instanceof String)) {
					throw new IllegalArgumentException(
							"The " + kind + " '" + name + "' has a map key that is no string: " + key);
				}
				requireJson(kind, name, member);
			});
			return;
		}
		if (value instanceof Collection<?> list) {
			list.forEach((member) -> requireJson(kind, name, member));
			return;
		}
		throw new IllegalArgumentException("The " + kind + " '" + name + "' holds a " + value.getClass().getName()
				+ ", which has no JSON form: give strings, numbers, booleans, lists and maps of them");
	}

}
