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

	/**
	 * Whether {@link #keyFor(JWSHeader)} answers this header from memory, without
	 * fetching keys (a network call that blocks its thread). Reactive applications verify
	 * such tokens on the request's thread, and the others on a thread that may block. The
	 * default, {@code false}, is always safe.
	 * @param header the token's header
	 * @return {@code true} when no fetch is needed
	 */
	default boolean holdsKeyFor(JWSHeader header) {
		return false;
	}

	/**
	 * Told that a token's signature did not verify with the key that
	 * {@link #keyFor(JWSHeader)} gave for its header. Clerk's key id is its instance's
	 * id, so a key that Clerk rotates keeps its id: a source of fetched keys takes this
	 * as a sign that they may be out of date, and fetches them again without blocking the
	 * caller. The token is refused either way, and nothing this method throws changes
	 * that. The default does nothing.
	 * @param header the header of the token refused
	 * @param key the key it was refused with
	 */
	default void signatureNotVerified(JWSHeader header, RSAPublicKey key) {
	}

}
