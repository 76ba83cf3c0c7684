package dev.clerkusers.token;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Verifies Clerk session tokens with Nimbus JOSE + JWT, keeping these rules in this order
 * (each refusal has its own {@link TokenRejectionReason}):
 * <ol>
 * <li>opaque machine tokens ({@code ak_}, {@code oat_}, {@code mt_}, {@code m2m_}) are
 * refused before anything else ({@link TokenRejectionReason#MACHINE_TOKEN});</li>
 * <li>the token is a signed JWT ({@link TokenRejectionReason#MALFORMED});</li>
 * <li>its algorithm is RS256, RS384 or RS512: {@code none}, HMAC (including HS256 keyed
 * with the public key) and every other algorithm are refused
 * ({@link TokenRejectionReason#INVALID_ALGORITHM});</li>
 * <li>its {@code typ}, when present, is {@code JWT}
 * ({@link TokenRejectionReason#INVALID_TYPE});</li>
 * <li>its {@code cat}, when present, is the session-token category: JWT templates and M2M
 * JWTs are refused ({@link TokenRejectionReason#NOT_A_SESSION_TOKEN});</li>
 * <li>the signature is checked with the instance's key, before any claim is looked at
 * ({@link TokenRejectionReason#INVALID_SIGNATURE});</li>
 * <li>{@code sub}, {@code sid} and {@code exp} are present
 * ({@link TokenRejectionReason#MISSING_CLAIM});</li>
 * <li>{@code exp}, {@code nbf} and {@code iat}, allowing the clock skew;</li>
 * <li>{@code iss} is the instance's Frontend API URL, when the instance is known;</li>
 * <li>{@code azp} is present and one of the authorized parties, when any are configured
 * (a trailing slash and the case of scheme and host do not matter);</li>
 * <li>{@code aud} holds one of the accepted audiences, when any are configured;</li>
 * <li>{@code sts} is not {@code pending}, unless pending sessions are accepted;</li>
 * <li>the application's own rules ({@code OAuth2TokenValidator<Jwt>}), if any, accept it
 * ({@link TokenRejectionReason#APPLICATION_RULE}).</li>
 * </ol>
 */
public final class NimbusClerkTokenVerifier implements ClerkTokenVerifier {

	/**
	 * Prefixes of Clerk's opaque machine tokens: API keys, OAuth access tokens, M2M
	 * tokens.
	 */
	public static final List<String> MACHINE_TOKEN_PREFIXES = List.of("ak_", "oat_", "mt_", "m2m_");

	/** The algorithms Clerk signs session tokens with. */
	public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512);

	/** The {@code cat} header value of session tokens. */
	public static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";

	private final ClerkKeySource keys;

	private final @Nullable String issuer;

	private final Set<String> authorizedParties;

	private final Set<String> audiences;

	private final Duration clockSkew;

	private final boolean acceptPendingSessions;

	private final Clock clock;

	private final @Nullable OAuth2TokenValidator<Jwt> validator;

	private NimbusClerkTokenVerifier(Builder builder) {
		this.keys = builder.keys;
		this.issuer = (builder.issuer != null) ? normalizeOrigin(builder.issuer) : null;
		this.authorizedParties = normalizeOrigins(builder.authorizedParties);
		this.audiences = Set.copyOf(builder.audiences);
		this.clockSkew = builder.clockSkew;
		this.acceptPendingSessions = builder.acceptPendingSessions;
		this.clock = builder.clock;
		this.validator = builder.validators.isEmpty() ? null : new DelegatingOAuth2TokenValidator<>(builder.validators);
	}

	/**
	 * Starts building a verifier.
	 * @param keys where the verification keys come from
	 * @return a builder
	 */
	public static Builder withKeys(ClerkKeySource keys) {
		return new Builder(keys);
	}

	@Override
	public ClerkSessionClaims verify(String token) {
		String trimmed = (token != null) ? token.trim() : "";
		if (trimmed.isEmpty()) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The token is empty");
		}
		for (String prefix : MACHINE_TOKEN_PREFIXES) {
			if (trimmed.startsWith(prefix)) {
				throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN,
						"Machine tokens (" + prefix + "…) are not accepted as session tokens");
			}
		}
		SignedJWT jwt = parse(trimmed);
		JWSHeader header = jwt.getHeader();
		checkHeader(header);
		checkSignature(jwt, this.keys.keyFor(header));
		ClerkSessionClaims claims = ClerkSessionClaims.fromClaims(claimsOf(jwt));
		checkTimes(claims);
		checkIssuer(claims);
		checkAuthorizedParty(claims);
		checkAudience(claims);
		if (claims.isPending() && !this.acceptPendingSessions) {
			throw new ClerkTokenException(TokenRejectionReason.SESSION_PENDING,
					"The session is pending (sts=pending); pending sessions are not accepted");
		}
		if (this.validator != null) {
			checkApplicationRules(this.validator, trimmed, header, claims);
		}
		return claims;
	}

	private static SignedJWT parse(String token) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(token);
		}
		catch (ParseException ex) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The token is not a JWT", ex);
		}
		if (!(jwt instanceof SignedJWT signed)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_ALGORITHM,
					"Unsigned and encrypted tokens are not accepted (algorithm " + jwt.getHeader().getAlgorithm()
							+ ")");
		}
		return signed;
	}

	private static void checkHeader(JWSHeader header) {
		if (!ALGORITHMS.contains(header.getAlgorithm())) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_ALGORITHM,
					"The algorithm " + header.getAlgorithm() + " is not accepted; only RS256, RS384 and RS512 are");
		}
		JOSEObjectType type = header.getType();
		if (type != null && !JOSEObjectType.JWT.getType().equalsIgnoreCase(type.getType())) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_TYPE,
					"The token type " + type + " is not a session token type");
		}
		Object category = header.getCustomParam("cat");
		if (category != null && !SESSION_TOKEN_CATEGORY.equals(category)) {
			throw new ClerkTokenException(TokenRejectionReason.NOT_A_SESSION_TOKEN, "The token category " + category
					+ " is not a session token (JWT templates and M2M tokens are " + "not accepted)");
		}
	}

	private static void checkSignature(SignedJWT jwt, RSAPublicKey key) {
		boolean valid;
		try {
			valid = jwt.verify(new RSASSAVerifier(key));
		}
		catch (JOSEException ex) {
			throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_FAILED,
					"The signature could not be verified: " + ex.getMessage(), ex);
		}
		if (!valid) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_SIGNATURE, "The signature is invalid");
		}
	}

	private static Map<String, Object> claimsOf(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet().toJSONObject();
		}
		catch (ParseException ex) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The token's claims are not a JSON object",
					ex);
		}
	}

	private static void checkApplicationRules(OAuth2TokenValidator<Jwt> validator, String token, JWSHeader header,
			ClerkSessionClaims claims) {
		OAuth2TokenValidatorResult result = validator.validate(ClerkJwtDecoder.jwt(token, header, claims));
		if (result.hasErrors()) {
			String description = result.getErrors()
				.stream()
				.map((error) -> (error.getDescription() != null) ? error.getDescription() : error.getErrorCode())
				.reduce((a, b) -> a + "; " + b)
				.orElse("refused");
			throw new ClerkTokenException(TokenRejectionReason.APPLICATION_RULE, description);
		}
	}

	private void checkTimes(ClerkSessionClaims claims) {
		Instant now = this.clock.instant();
		if (!claims.expiresAt().isAfter(now.minus(this.clockSkew))) {
			throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "The token expired at " + claims.expiresAt());
		}
		Instant latest = now.plus(this.clockSkew);
		claims.notBefore().filter((nbf) -> nbf.isAfter(latest)).ifPresent((nbf) -> {
			throw new ClerkTokenException(TokenRejectionReason.NOT_ACTIVE_YET, "The token is not valid before " + nbf);
		});
		claims.issuedAt().filter((iat) -> iat.isAfter(latest)).ifPresent((iat) -> {
			throw new ClerkTokenException(TokenRejectionReason.ISSUED_IN_THE_FUTURE,
					"The token was issued in the future, at " + iat);
		});
	}

	private void checkIssuer(ClerkSessionClaims claims) {
		if (this.issuer == null) {
			return;
		}
		String issuer = claims.issuer().map(NimbusClerkTokenVerifier::normalizeOrigin).orElse(null);
		if (!this.issuer.equals(issuer)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_ISSUER,
					"The issuer " + claims.issuer().orElse("(none)") + " is not " + this.issuer);
		}
	}

	private void checkAuthorizedParty(ClerkSessionClaims claims) {
		if (this.authorizedParties.isEmpty()) {
			return;
		}
		String party = claims.authorizedParty().orElse(null);
		if (party == null) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_AUTHORIZED_PARTY,
					"The token has no authorized party (azp), which is required");
		}
		if (!this.authorizedParties.contains(normalizeOrigin(party))) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_AUTHORIZED_PARTY,
					"The authorized party " + party + " is not allowed");
		}
	}

	private void checkAudience(ClerkSessionClaims claims) {
		if (this.audiences.isEmpty()) {
			return;
		}
		if (claims.audience().stream().noneMatch(this.audiences::contains)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_AUDIENCE,
					"The audience " + claims.audience() + " holds none of " + this.audiences);
		}
	}

	/**
	 * Normalises an origin for comparison: trimmed, without trailing slashes, scheme and
	 * host in lower case.
	 * @param origin the origin, for example {@code HTTPS://App.Example.com/}
	 * @return the normalised origin, for example {@code https://app.example.com}
	 */
	public static String normalizeOrigin(String origin) {
		String value = origin.trim();
		while (value.endsWith("/")) {
			value = value.substring(0, value.length() - 1);
		}
		int schemeEnd = value.indexOf("://");
		if (schemeEnd < 0) {
			return value.toLowerCase(Locale.ROOT);
		}
		int pathStart = value.indexOf('/', schemeEnd + 3);
		if (pathStart < 0) {
			return value.toLowerCase(Locale.ROOT);
		}
		return value.substring(0, pathStart).toLowerCase(Locale.ROOT) + value.substring(pathStart);
	}

	private static Set<String> normalizeOrigins(Collection<String> origins) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String origin : origins) {
			if (origin != null && !origin.isBlank()) {
				normalized.add(normalizeOrigin(origin));
			}
		}
		return Set.copyOf(normalized);
	}

	/**
	 * Builds a {@link NimbusClerkTokenVerifier}.
	 */
	public static final class Builder {

		private final ClerkKeySource keys;

		private @Nullable String issuer;

		private Collection<String> authorizedParties = List.of();

		private Collection<String> audiences = List.of();

		private Duration clockSkew = Duration.ofSeconds(5);

		private boolean acceptPendingSessions;

		private Clock clock = Clock.systemUTC();

		private final List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();

		private Builder(ClerkKeySource keys) {
			this.keys = keys;
		}

		/**
		 * Sets the expected issuer, the instance's Frontend API URL. Without one,
		 * {@code iss} is not checked.
		 * @param issuer the issuer, or {@code null}
		 * @return this builder
		 */
		public Builder issuer(@Nullable String issuer) {
			this.issuer = issuer;
			return this;
		}

		/**
		 * Sets the authorized parties. When not empty, {@code azp} must be present and
		 * one of them.
		 * @param authorizedParties the origins
		 * @return this builder
		 */
		public Builder authorizedParties(Collection<String> authorizedParties) {
			this.authorizedParties = List.copyOf(authorizedParties);
			return this;
		}

		/**
		 * Sets the accepted audiences. When not empty, {@code aud} must hold one of them.
		 * @param audiences the audiences
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			this.audiences = List.copyOf(audiences);
			return this;
		}

		/**
		 * Sets the clock skew allowed for {@code exp}, {@code nbf} and {@code iat}.
		 * @param clockSkew the skew (default 5 seconds)
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * Sets whether tokens of pending sessions are accepted.
		 * @param acceptPendingSessions whether to accept {@code sts=pending}
		 * @return this builder
		 */
		public Builder acceptPendingSessions(boolean acceptPendingSessions) {
			this.acceptPendingSessions = acceptPendingSessions;
			return this;
		}

		/**
		 * Sets the clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Adds rules of the application's, checked after every rule of Clerk's on the
		 * token as Spring Security's {@link Jwt}; a refusal is
		 * {@link TokenRejectionReason#APPLICATION_RULE}.
		 * @param validators the rules
		 * @return this builder
		 */
		public Builder validators(Collection<? extends OAuth2TokenValidator<Jwt>> validators) {
			this.validators.addAll(validators);
			return this;
		}

		/**
		 * Builds the verifier.
		 * @return the verifier
		 */
		public NimbusClerkTokenVerifier build() {
			return new NimbusClerkTokenVerifier(this);
		}

	}

}
