package dev.clerkusers.test.token;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The header of a kit token, signed with each parameter as it was set: JOSE's own
 * serialisation would leave some out (an empty {@code crit}), so that a test of the rule
 * that refuses them would pass for the wrong reason.
 */
final class SignedHeaders {

	private SignedHeaders() {
	}

	/**
	 * A header whose encoded form, the one signed, is its parameters written as they were
	 * set.
	 * @param fields the parameters
	 * @return the header
	 * @throws ParseException when a value is one JOSE does not allow
	 */
	static JWSHeader asSet(Map<String, Object> fields) throws ParseException {
		return JWSHeader.parse(Base64URL.encode(JSONObjectUtils.toJSONString(fields)));
	}

}
