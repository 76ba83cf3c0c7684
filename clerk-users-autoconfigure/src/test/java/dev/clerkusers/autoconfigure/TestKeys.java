package dev.clerkusers.autoconfigure;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * An RSA key for the auto-configuration tests: its public half as a PEM for
 * {@code clerk.jwt-key}, and session tokens signed with it.
 */
final class TestKeys {

	static final String ISSUER = "https://clerk.example.test";

	/**
	 * A webhook signing secret of the form Clerk gives ({@code whsec_} and 24 bytes in
	 * Base64).
	 */
	static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final RSAKey KEY = generate();

	private TestKeys() {
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID("ins_test").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The public key as the Clerk dashboard shows it.
	 * @return the PEM
	 */
	static String pem() {
		try {
			return "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.toRSAPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----";
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A session token of a user, valid for a minute, with extra claims.
	 * @param userId the user id
	 * @param extra more claims
	 * @return the token
	 */
	static String token(String userId, Map<String, Object> extra) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId)
			.claim("sid", "sess_1")
			.issuer(ISSUER)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plusSeconds(60)));
		extra.forEach(claims::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(KEY));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * A token whose signature has one character changed: still canonical base64url (so
	 * well-formed), but not the signature of the token.
	 */
	static String tamperedToken(String userId) {
		String token = token(userId, Map.of());
		int i = token.length() - 20;
		return token.substring(0, i) + ((token.charAt(i) == 'A') ? 'B' : 'A') + token.substring(i + 1);
	}

}
