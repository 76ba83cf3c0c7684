package dev.clerkusers.token;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

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

	private Set<String> audiences = Set.of();

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

	/**
	 * Sets the audiences an OAuth token must name one of in its {@code aud}, and an M2M
	 * JWT too when its {@code aud} names any (default none: no {@code aud} is checked),
	 * as {@code @clerk/backend} does with its {@code audience} option. API keys and
	 * opaque M2M tokens have no audience.
	 * @param audiences the audiences, for example {@code clerk.audiences}
	 */
	public void setAudiences(Collection<String> audiences) {
		Assert.notNull(audiences, "audiences must not be null");
		this.audiences = Set.copyOf(audiences);
	}

	@Override
	public ClerkMachineToken verify(String token) {
		ClerkMachineToken verified;
		if (isOpaque(token)) {
			// One that names no token is refused as such, with or without a secret key.
			BackendApiMachineTokenVerifier.refuseIfItNamesNone(token);
			if (this.backendApi == null) {
				throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_UNAVAILABLE,
						"Opaque machine tokens are verified by Clerk's Backend API, and clerk.secret-key is not set"
								+ " (or was not set when this application was processed ahead of time)");
			}
			verified = this.backendApi.verify(token);
		}
		else {
			verified = this.jwts.verify(token);
		}
		checkAudience(verified);
		return verified;
	}

	/**
	 * Whether opaque tokens are verified: only with a verifier of the Backend API.
	 * @return {@code true} when this verifier was given one
	 */
	@Override
	public boolean verifiesOpaqueTokens() {
		return this.backendApi != null;
	}

	/**
	 * With audiences configured, an OAuth token must name one of them
	 * ({@link TokenRejectionReason#INVALID_AUDIENCE}): a token issued for another
	 * resource server of the same instance is not for this one. An M2M JWT must name one
	 * when it names any audience, as {@code @clerk/backend}'s {@code verifyM2MJwt} checks
	 * it ({@code assertAudienceClaim}, which passes over an empty {@code aud}).
	 */
	private void checkAudience(ClerkMachineToken token) {
		if (this.audiences.isEmpty()) {
			return;
		}
		boolean checked = switch (token.type()) {
			case OAUTH_TOKEN -> true;
			case M2M_TOKEN -> token.isJwt() && token.audiences().stream().anyMatch((audience) -> !audience.isEmpty());
			case API_KEY, SESSION_TOKEN -> false;
		};
		if (checked && token.audiences()
			.stream()
			.noneMatch((audience) -> !audience.isEmpty() && this.audiences.contains(audience))) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_AUDIENCE, "The " + token.type().value()
					+ "'s audience " + LogSafe.value(token.audiences()) + " is not one accepted");
		}
	}

	/**
	 * Whether a token is opaque, verified by Clerk's Backend API: it has a machine-token
	 * prefix.
	 * @param token the token
	 * @return {@code true} for {@code ak_…}, {@code mt_…} and {@code oat_…}
	 */
	public static boolean isOpaque(String token) {
		return ClerkTokenType.OPAQUE_PREFIXES.stream().anyMatch(token::startsWith);
	}

}
