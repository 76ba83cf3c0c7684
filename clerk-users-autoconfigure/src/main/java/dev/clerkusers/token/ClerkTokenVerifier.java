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

}
