package dev.clerkusers.token;

/**
 * Verifies Clerk session tokens.
 *
 * @see NimbusClerkTokenVerifier
 * @see CachingClerkTokenVerifier
 */
@FunctionalInterface
public interface ClerkTokenVerifier {

	/**
	 * Verifies a session token.
	 * @param token the token, as sent in {@code Authorization: Bearer} or Clerk's session
	 * cookie
	 * @return its claims, when every rule passes
	 * @throws ClerkTokenException when a rule refuses the token, with the reason
	 */
	ClerkSessionClaims verify(String token);

	/**
	 * Whether {@link #verify(String)} would decide on this token without blocking its
	 * thread (no key fetch): the token is remembered, or its key is held, or it is
	 * refused before any key is needed. Reactive applications verify such tokens on the
	 * request's thread, and the others on a thread that may block. The default,
	 * {@code false}, is always safe.
	 * @param token the token
	 * @return {@code true} when verification needs no I/O
	 */
	default boolean verifiesWithoutBlocking(String token) {
		return false;
	}

}
