package dev.clerkusers.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The cache key of a token: the SHA-256 of the whole token exactly as given, so that a
 * cache never holds a token itself.
 */
final class TokenDigest {

	private TokenDigest() {
	}

	/**
	 * The digest of a token.
	 * @param token the token
	 * @return its SHA-256, base64 without padding
	 */
	static String of(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
