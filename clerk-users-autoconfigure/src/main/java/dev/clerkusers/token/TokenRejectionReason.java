package dev.clerkusers.token;

/**
 * Why a token was refused. Each rule of {@link NimbusClerkTokenVerifier} (session tokens)
 * and of the machine-token verifiers has its own reason; the {@linkplain #code() codes}
 * are Clerk's own ({@code @clerk/backend}'s {@code TokenVerificationErrorReason}) where
 * Clerk has one, so they can be looked up in Clerk's documentation and logs.
 */
public enum TokenRejectionReason {

	/**
	 * The token is not a well-formed JWS (three base64url segments without padding, JSON
	 * objects without a name twice), or a header parameter or claim has the wrong type
	 * ({@code null} included), or a time claim is beyond any date.
	 */
	MALFORMED("token-invalid", "the token is not a well-formed session token"),

	/**
	 * The token is an opaque machine token (API key, M2M or OAuth token), or a machine
	 * JWT (its {@code sub} is {@code mch_…}), not a session token.
	 */
	MACHINE_TOKEN("token-type-mismatch", "machine tokens are not session tokens"),

	/**
	 * The token's {@code cat} header says it is a JWT template or an M2M JWT, or is a
	 * category not known, not a session token.
	 */
	NOT_A_SESSION_TOKEN("token-category-mismatch", "the token category is not a session token"),

	/**
	 * The {@code b64} header is {@code false} (RFC 7797): the payload is not
	 * base64url-encoded, which Clerk never does.
	 */
	UNENCODED_PAYLOAD("token-unencoded-payload", "the payload is not base64url-encoded (b64 is false)"),

	/**
	 * The token has a {@code crit} header. No critical parameter is understood, and RFC
	 * 7515 requires refusing a token whose critical parameters are not understood; Clerk
	 * never sends one.
	 */
	CRITICAL_HEADER("token-critical-header", "the token has critical header parameters (crit)"),

	/** The {@code typ} header is present and is not exactly {@code JWT}. */
	INVALID_TYPE("token-invalid-type", "the token type header is not JWT"),

	/**
	 * The algorithm is not RS256, RS384 or RS512 (this includes {@code none} and HMAC
	 * algorithms).
	 */
	INVALID_ALGORITHM("token-invalid-algorithm", "the signing algorithm is not RS256, RS384 or RS512"),

	/**
	 * No key with the token's {@code kid} is known, even after fetching the keys again.
	 */
	KEY_NOT_FOUND("jwk-kid-mismatch", "no verification key matches the token's key id"),

	/**
	 * The verification keys could not be fetched: none were fetched before, or the
	 * token's key id is not among those held and fetching them again failed.
	 */
	KEYS_UNAVAILABLE("jwk-remote-failed-to-load", "the verification keys could not be loaded"),

	/** The signature does not match the token. */
	INVALID_SIGNATURE("token-invalid-signature", "the signature is invalid"),

	/** The signature could not be checked (a cryptographic failure). */
	VERIFICATION_FAILED("token-verification-failed", "the signature could not be verified"),

	/** A required claim ({@code sub}, {@code sid} or {@code exp}) is missing. */
	MISSING_CLAIM("token-missing-claim", "a required claim is missing"),

	/** The token expired ({@code exp}, allowing the clock skew). */
	EXPIRED("token-expired", "the token has expired"),

	/** The token is not valid yet ({@code nbf}, allowing the clock skew). */
	NOT_ACTIVE_YET("token-not-active-yet", "the token is not active yet"),

	/** The token was issued in the future ({@code iat}, allowing the clock skew). */
	ISSUED_IN_THE_FUTURE("token-iat-in-the-future", "the token was issued in the future"),

	/** The {@code iss} claim is not the instance's Frontend API URL. */
	INVALID_ISSUER("token-invalid-issuer", "the issuer is not this Clerk instance"),

	/** The {@code azp} claim is missing or not one of the authorized parties. */
	INVALID_AUTHORIZED_PARTY("token-invalid-authorized-parties", "the authorized party is not allowed"),

	/** The {@code aud} claim holds none of the accepted audiences. */
	INVALID_AUDIENCE("token-invalid-audience", "the audience is not accepted"),

	/**
	 * The session is pending ({@code sts=pending}) and pending sessions are not accepted.
	 */
	SESSION_PENDING("session-token-pending", "the session is pending"),

	/**
	 * The token's type, told by its form, is not one the endpoint accepts: a machine
	 * token where only session tokens are accepted, a session token where only machine
	 * tokens are, or a machine token of another type (see {@link ClerkTokenType}).
	 */
	TYPE_NOT_ACCEPTED("token-type-mismatch", "the token type is not accepted here"),

	/**
	 * An M2M JWT whose {@code cat} header is present and is not the M2M category, as
	 * {@code @clerk/backend}'s {@code verifyM2MJwt} refuses.
	 */
	NOT_AN_M2M_TOKEN("token-category-mismatch", "the token category is not an M2M token"),

	/**
	 * Clerk's Backend API does not know the opaque machine token (API key, M2M or OAuth
	 * token): it never existed, or was deleted, revoked or expired (Clerk answers all of
	 * these with an error status).
	 */
	MACHINE_TOKEN_INVALID("token-invalid", "Clerk does not know the machine token, or it is no longer valid"),

	/** Clerk's Backend API says the opaque machine token is revoked. */
	REVOKED("token-revoked", "the token has been revoked"),

	/**
	 * Clerk's Backend API could not verify an opaque machine token: it is unreachable,
	 * answers with a server error or rate limiting, or refuses the secret key. Not a
	 * refusal of the token: answered 503, never 401.
	 */
	VERIFICATION_UNAVAILABLE("token-verification-unavailable", "Clerk's Backend API could not verify the token"),

	/**
	 * A rule of the application's (an {@code OAuth2TokenValidator<Jwt>} bean) refused the
	 * token, after every rule of Clerk's passed.
	 */
	APPLICATION_RULE("token-refused-by-application", "a rule of the application refused the token");

	private final String code;

	private final String description;

	TokenRejectionReason(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/**
	 * The stable code of this reason, sent in 401 responses and logged.
	 * @return the code, for example {@code token-expired}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * A short English description.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
