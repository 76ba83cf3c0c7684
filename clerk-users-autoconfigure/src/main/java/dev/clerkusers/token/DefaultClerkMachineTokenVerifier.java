package dev.clerkusers.token;

import org.jspecify.annotations.Nullable;

/**
 * Sends each machine token to the verifier of its form: a JWT (M2M or OAuth) to the local
 * verifier, with the instance's keys; an opaque token ({@code ak_…}, {@code mt_…},
 * {@code oat_…}) to Clerk's Backend API. Without a Backend API verifier (no
 * {@code clerk.secret-key}), opaque tokens cannot be verified:
 * {@link TokenRejectionReason#VERIFICATION_UNAVAILABLE}.
 */
public final class DefaultClerkMachineTokenVerifier implements ClerkMachineTokenVerifier {

	private final ClerkMachineTokenVerifier jwts;

	private final @Nullable ClerkMachineTokenVerifier backendApi;

	/**
	 * Creates a verifier.
	 * @param jwts verifies JWT-format tokens, for example {@link LocalMachineJwtVerifier}
	 * @param backendApi verifies opaque tokens, for example
	 * {@link BackendApiMachineTokenVerifier}, or {@code null} without a secret key
	 */
	public DefaultClerkMachineTokenVerifier(ClerkMachineTokenVerifier jwts,
			@Nullable ClerkMachineTokenVerifier backendApi) {
		this.jwts = jwts;
		this.backendApi = backendApi;
	}

	@Override
	public ClerkMachineToken verify(String token) {
		if (isOpaque(token)) {
			if (this.backendApi == null) {
				throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
						"Opaque machine tokens are verified by Clerk's Backend API, and clerk.secret-key is not set");
			}
			return this.backendApi.verify(token);
		}
		return this.jwts.verify(token);
	}

	/**
	 * Whether a token is opaque, verified by Clerk's Backend API: it has a machine-token
	 * prefix.
	 * @param token the token
	 * @return {@code true} for {@code ak_…}, {@code mt_…} and {@code oat_…}
	 */
	public static boolean isOpaque(String token) {
		return token.startsWith(ClerkTokenType.API_KEY_PREFIX) || token.startsWith(ClerkTokenType.M2M_TOKEN_PREFIX)
				|| token.startsWith(ClerkTokenType.OAUTH_TOKEN_PREFIX);
	}

}
