package dev.clerkusers.token;

/**
 * Verifies Clerk machine tokens: API keys, M2M tokens and OAuth access tokens, opaque or
 * JWT.
 *
 * @see DefaultClerkMachineTokenVerifier
 * @see CachingClerkMachineTokenVerifier
 */
@FunctionalInterface
public interface ClerkMachineTokenVerifier {

	/**
	 * Verifies a machine token, whose type {@link ClerkTokenType#of(String)} tells.
	 * @param token the token, from the {@code Authorization} header
	 * @return the verified token
	 * @throws ClerkTokenException when the token is refused, with the reason; with
	 * {@link TokenRejectionReason#VERIFICATION_UNAVAILABLE} or
	 * {@link TokenRejectionReason#KEYS_UNAVAILABLE} when it could not be verified (not a
	 * refusal)
	 */
	ClerkMachineToken verify(String token);

	/**
	 * Whether this verifier can verify opaque tokens ({@code ak_…}, {@code mt_…},
	 * {@code oat_…}), which only Clerk's Backend API can. One that cannot answers each of
	 * them with {@link TokenRejectionReason#VERIFICATION_UNAVAILABLE}.
	 * @return {@code true} unless the verifier is known to verify JWT-format tokens only
	 */
	default boolean verifiesOpaqueTokens() {
		return true;
	}

}
