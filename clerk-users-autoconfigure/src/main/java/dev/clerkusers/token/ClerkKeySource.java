package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.JWSHeader;

/**
 * Where the public keys that verify session tokens come from.
 *
 * @see PemKeySource
 * @see JwksKeySource
 */
@FunctionalInterface
public interface ClerkKeySource {

	/**
	 * Returns the key that verifies a token with this header.
	 * @param header the token's header
	 * @return the key
	 * @throws ClerkTokenException with {@link TokenRejectionReason#KEY_NOT_FOUND} when no
	 * key matches, or {@link TokenRejectionReason#KEYS_UNAVAILABLE} when keys could not
	 * be loaded
	 */
	RSAPublicKey keyFor(JWSHeader header);

}
