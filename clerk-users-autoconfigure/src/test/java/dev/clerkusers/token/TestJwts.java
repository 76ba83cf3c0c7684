package dev.clerkusers.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real RSA keys and real signed JWTs for the verifier's tests (the test kit cannot be
 * used here: it depends on this module).
 */
final class TestJwts {

	static final String ISSUER = "https://clerk.example.test";

	static final String PARTY = "https://app.example.test";

	static final RSAKey KEY = rsaKey("ins_test_key_1");

	static final RSAKey OTHER_KEY = rsaKey("ins_test_key_2");

	private TestJwts() {
	}

	static RSAKey rsaKey(String kid) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(kid)
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> claims(Instant now) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user_1");
		claims.put("sid", "sess_1");
		claims.put("iss", ISSUER);
		claims.put("azp", PARTY);
		claims.put("iat", now.getEpochSecond());
		claims.put("nbf", now.getEpochSecond() - 10);
		claims.put("exp", now.getEpochSecond() + 60);
		return claims;
	}

	static JWSHeader.Builder header(RSAKey key) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID());
	}

	static String sign(RSAKey key, JWSHeader header, Map<String, Object> claims) {
		try {
			JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
			claims.forEach((name, value) -> {
				if (value != null) {
					set.claim(name, value);
				}
			});
			SignedJWT jwt = new SignedJWT(header, set.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(Map<String, Object> claims) {
		return sign(KEY, header(KEY).build(), claims);
	}

	/**
	 * The default header of {@link #header(RSAKey)}, as JSON text.
	 */
	static String headerJson() {
		return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY.getKeyID() + "\"}";
	}

	/**
	 * The claims of {@link #claims(Instant)} as raw JSON values, to be changed into any
	 * JSON at all (a {@code null}, a number no Java type holds) before
	 * {@link #json(Map)}.
	 */
	static Map<String, String> rawClaims(Instant now) {
		Map<String, String> claims = new LinkedHashMap<>();
		claims.put("sub", "\"user_1\"");
		claims.put("sid", "\"sess_1\"");
		claims.put("iss", "\"" + ISSUER + "\"");
		claims.put("azp", "\"" + PARTY + "\"");
		claims.put("iat", Long.toString(now.getEpochSecond()));
		claims.put("nbf", Long.toString(now.getEpochSecond() - 10));
		claims.put("exp", Long.toString(now.getEpochSecond() + 60));
		return claims;
	}

	/**
	 * A JSON object of raw JSON values, written as given.
	 */
	static String json(Map<String, String> rawValues) {
		StringBuilder json = new StringBuilder("{");
		rawValues.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(name).append("\":").append(value);
		});
		return json.append('}').toString();
	}

	/**
	 * Text as base64url without padding.
	 */
	static String base64url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Signs two segments exactly as given, with {@link #KEY} and RS256: the signature is
	 * valid for the segments as they are written, however malformed, so that a token made
	 * of them is refused for its form and not for its signature.
	 */
	static String signSegments(String header, String payload) {
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(KEY.toRSAPrivateKey());
			signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
			return header + "." + payload + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signs a header and a payload given as JSON text.
	 */
	static String signJson(String header, String payload) {
		return signSegments(base64url(header), base64url(payload));
	}

}
