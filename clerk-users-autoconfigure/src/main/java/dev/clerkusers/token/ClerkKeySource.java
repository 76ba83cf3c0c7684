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
	 * Called when a token's signature did not verify with the key that
	 * {@link #keyFor(JWSHeader)} gave for its header. Clerk's key id is its instance's
	 * id, so a key that Clerk rotates keeps its id: a source of fetched keys may take
	 * this as a sign that they are out of date, and fetch them again. It is called on the
	 * verifying thread, concurrently, and on a reactive application's event loop, so it
	 * must not block or wait for I/O: a fetch it starts runs elsewhere. The token is
	 * refused whatever it does, and an exception it throws is logged. The default does
	 * nothing.
	 * @param header the header of the token refused
	 * @param key the key it was refused with
	 */
	default void onSignatureFailure(JWSHeader header, RSAPublicKey key) {
	}

}
