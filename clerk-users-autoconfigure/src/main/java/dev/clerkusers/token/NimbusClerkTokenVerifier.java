package dev.clerkusers.token;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Verifies Clerk session tokens with Nimbus JOSE + JWT, keeping these rules in this order
 * (each refusal has its own {@link TokenRejectionReason}). It is at least as strict as
 * {@code verifyToken} and {@code authenticateRequest} of {@code @clerk/backend}; where it
 * is stricter, or differs, docs/security.md says so ("Where we differ from
 * {@code @clerk/backend}").
 * <ol>
 * <li>opaque machine tokens ({@code ak_}, {@code oat_}, {@code mt_}, {@code m2m_}) are
 * refused before anything else ({@link TokenRejectionReason#MACHINE_TOKEN});</li>
 * <li>the token, taken exactly as given (nothing trimmed), is three segments, the first a
 * header in base64url without padding (no {@code +}, {@code /}, {@code =} or whitespace)
 * of one JSON object with no name twice, and no typed header parameter present as
 * {@code null} ({@link TokenRejectionReason#MALFORMED});</li>
 * <li>its algorithm is RS256, RS384 or RS512: {@code none}, HMAC (including HS256 keyed
 * with the public key) and every other algorithm are refused
 * ({@link TokenRejectionReason#INVALID_ALGORITHM});</li>
 * <li>its payload is base64url-encoded: {@code b64=false} is refused
 * ({@link TokenRejectionReason#UNENCODED_PAYLOAD});</li>
 * <li>it has no {@code crit} header: none is understood, and RFC 7515 requires refusing
 * what is not understood ({@link TokenRejectionReason#CRITICAL_HEADER});</li>
 * <li>its {@code typ}, when present, is exactly {@code JWT}: an OAuth access token's
 * {@code at+jwt} is a type not accepted ({@link TokenRejectionReason#TYPE_NOT_ACCEPTED}),
 * any other {@link TokenRejectionReason#INVALID_TYPE};</li>
 * <li>its {@code cat}, when present, is the session-token category or the "ignore"
 * category: an M2M JWT's is a type not accepted
 * ({@link TokenRejectionReason#TYPE_NOT_ACCEPTED}), JWT templates and unknown categories
 * are refused ({@link TokenRejectionReason#NOT_A_SESSION_TOKEN});</li>
 * <li>its payload and signature are base64url without padding as well
 * ({@link TokenRejectionReason#MALFORMED});</li>
 * <li>a key of the instance has its {@code kid}
 * ({@link TokenRejectionReason#KEY_NOT_FOUND});</li>
 * <li>the signature is checked with the instance's key, before any claim is looked at
 * ({@link TokenRejectionReason#INVALID_SIGNATURE}); when no key can be had at all
 * ({@link TokenRejectionReason#KEYS_UNAVAILABLE}), a token that its own times refuse is
 * refused for them, the claims read only to refuse;</li>
 * <li>the payload is one JSON object with no name twice, {@code sub}, {@code sid} and
 * {@code exp} are present ({@link TokenRejectionReason#MISSING_CLAIM}), and claims have
 * their types, a time claim being a number of seconds within {@link #MAX_EPOCH_SECONDS}
 * ({@link TokenRejectionReason#MALFORMED}; see {@link ClerkSessionClaims#fromClaims(Map)}
 * for {@code null});</li>
 * <li>{@code sub} is not a machine's ({@code mch_…}), as {@code @clerk/backend}'s
 * {@code authenticateRequest} refuses M2M JWTs
 * ({@link TokenRejectionReason#MACHINE_TOKEN});</li>
 * <li>{@code exp}, {@code nbf} and {@code iat}, allowing the clock skew;</li>
 * <li>{@code iss} is the instance's Frontend API URL, when the instance is known (one
 * trailing slash does not matter);</li>
 * <li>{@code azp} is present and one of the authorized parties, when any are configured
 * (one trailing slash and the case of scheme and host do not matter; see
 * {@link #normalizeOrigin(String)});</li>
 * <li>{@code aud} holds one of the accepted audiences, when any are configured;</li>
 * <li>{@code sts} is not {@code pending}, unless pending sessions are accepted;</li>
 * <li>the application's own rules ({@code OAuth2TokenValidator<Jwt>}), if any, accept it
 * ({@link TokenRejectionReason#APPLICATION_RULE}).</li>
 * </ol>
 */
public final class NimbusClerkTokenVerifier implements ClerkTokenVerifier {

	private static final Log logger = LogFactory.getLog(NimbusClerkTokenVerifier.class);

	/**
	 * Prefixes of Clerk's opaque machine tokens: API keys, OAuth access tokens, M2M
	 * tokens (and their older prefix).
	 */
	private static final List<String> MACHINE_TOKEN_PREFIXES = Stream
		.concat(ClerkTokenType.OPAQUE_PREFIXES.stream(), Stream.of("m2m_"))
		.toList();

	/** The algorithms Clerk signs session tokens with. */
	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512);

	/** The {@code cat} header value of session tokens. */
	private static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";

	/**
	 * The {@code cat} header value that carries no category: instances with Clerk's
	 * {@code use_ignore_jwt_cat} stamp it on every token, so it is taken as a session
	 * token, as {@code @clerk/backend} does.
	 */
	private static final String IGNORED_CATEGORY = "cl_I7d4PD111III";

	/**
	 * The largest time, in seconds from the epoch either way, that an {@code exp},
	 * {@code nbf} or {@code iat} claim may hold: the range of an ECMAScript {@code Date}
	 * (8.64e15 milliseconds), beyond which {@code @clerk/backend}'s own date arithmetic
	 * yields {@code NaN}.
	 */
	public static final long MAX_EPOCH_SECONDS = 8_640_000_000_000L;

	private static final Set<String> SESSION_TOKEN_CATEGORIES = Set.of(SESSION_TOKEN_CATEGORY, IGNORED_CATEGORY);

	private static final Set<String> ALGORITHM_NAMES = ALGORITHMS.stream()
		.map(JWSAlgorithm::getName)
		.collect(Collectors.toUnmodifiableSet());

	/**
	 * Header parameters with a type (RFC 7515, RFC 7797's {@code b64}, Clerk's
	 * {@code cat}): present as JSON {@code null}, they make the token malformed.
	 */
	private static final List<String> TYPED_HEADER_PARAMETERS = List.of("alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t",
			"x5t#S256", "typ", "cty", "b64", "cat");

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
		this.issuer = (builder.issuer != null) ? withoutOneTrailingSlash(builder.issuer) : null;
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

	/**
	 * Whether this token is decided without blocking: its key is held by the key source,
	 * or it is refused before a key is needed. Never with application rules
	 * ({@code OAuth2TokenValidator} beans), which may do anything.
	 * @param token the token
	 * @return {@code true} when verification needs no I/O
	 */
	@Override
	public boolean verifiesWithoutBlocking(String token) {
		if (this.validator != null) {
			return false;
		}
		try {
			return this.keys.holdsKeyFor(checkHeader(CompactJws.parse(token)));
		}
		catch (ClerkTokenException ex) {
			return true;
		}
	}

	@Override
	public ClerkSessionClaims verify(String token) {
		if (token == null || token.isBlank()) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The token is empty");
		}
		String stripped = token.strip();
		for (String prefix : MACHINE_TOKEN_PREFIXES) {
			if (stripped.startsWith(prefix)) {
				throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN,
						"Machine tokens (" + prefix + "…) are not accepted as session tokens");
			}
		}
		CompactJws jws = CompactJws.parse(token);
		JWSHeader header = checkHeader(jws);
		jws.checkEncoding();
		checkSignature(jws, header, this.keys, keyFor(this.keys, header, jws, this.clock, this.clockSkew));
		// Before the session claims: an M2M JWT has none of them (no sid, say), and is
		// told by its subject.
		if (jws.payloadJson().get("sub") instanceof String subject
				&& subject.startsWith(ClerkTokenType.MACHINE_SUBJECT_PREFIX)) {
			throw new ClerkTokenException(TokenRejectionReason.MACHINE_TOKEN, "Machine JWTs (sub "
					+ ClerkTokenType.MACHINE_SUBJECT_PREFIX + "…) are not accepted as session tokens");
		}
		ClerkSessionClaims claims = ClerkSessionClaims.fromClaims(jws.payloadJson());
		checkTimes(claims);
		checkIssuer(claims);
		checkAuthorizedParty(claims);
		checkAudience(claims);
		if (claims.isPending() && !this.acceptPendingSessions) {
			throw new ClerkTokenException(TokenRejectionReason.SESSION_PENDING,
					"The session is pending (sts=pending); pending sessions are not accepted");
		}
		if (this.validator != null) {
			checkApplicationRules(this.validator, token, header, claims);
		}
		return claims;
	}

	private static JWSHeader checkHeader(CompactJws jws) {
		Map<String, @Nullable Object> json = jws.headerJson();
		checkJoseHeader(json);
		if (json.containsKey("typ")) {
			if (!(json.get("typ") instanceof String type)) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The header parameter typ is not a string");
			}
			if (ClerkTokenType.OAUTH_JWT_TYPES.contains(type)) {
				throw new ClerkTokenException(TokenRejectionReason.TYPE_NOT_ACCEPTED,
						"An OAuth access token is not a session token");
			}
			if (!JOSEObjectType.JWT.getType().equals(type)) {
				throw new ClerkTokenException(TokenRejectionReason.INVALID_TYPE,
						"The token type " + LogSafe.value(type) + " is not a session token type (JWT)");
			}
		}
		if (json.containsKey("cat")) {
			if (!(json.get("cat") instanceof String category)) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The header parameter cat is not a string");
			}
			if (LocalMachineJwtVerifier.M2M_TOKEN_CATEGORY.equals(category)) {
				throw new ClerkTokenException(TokenRejectionReason.TYPE_NOT_ACCEPTED,
						"An M2M token is not a session token");
			}
			if (!SESSION_TOKEN_CATEGORIES.contains(category)) {
				throw new ClerkTokenException(TokenRejectionReason.NOT_A_SESSION_TOKEN,
						"The token category " + LogSafe.value(category)
								+ " is not a session token (JWT templates and M2M tokens are not accepted)");
			}
		}
		return jwsHeader(jws);
	}

	/**
	 * The header rules every Clerk JWT keeps, session or machine: no typed parameter
	 * present as {@code null}, an RS256, RS384 or RS512 algorithm, a base64url-encoded
	 * payload and no {@code crit}.
	 * @param json the header's parameters
	 */
	static void checkJoseHeader(Map<String, @Nullable Object> json) {
		for (String name : TYPED_HEADER_PARAMETERS) {
			if (json.containsKey(name) && json.get(name) == null) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The header parameter " + name + " is null");
			}
		}
		if (!(json.get("alg") instanceof String algorithm)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
					"The header has no algorithm (alg) of type string");
		}
		if (!ALGORITHM_NAMES.contains(algorithm)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_ALGORITHM,
					"The algorithm " + LogSafe.value(algorithm) + " is not accepted; only RS256, RS384 and RS512 are");
		}
		if (json.containsKey("b64")) {
			if (!(json.get("b64") instanceof Boolean encoded)) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The header parameter b64 is not a boolean");
			}
			if (!encoded) {
				throw new ClerkTokenException(TokenRejectionReason.UNENCODED_PAYLOAD,
						"Tokens with an unencoded payload (b64=false, RFC 7797) are not accepted");
			}
		}
		if (json.containsKey("crit")) {
			throw new ClerkTokenException(TokenRejectionReason.CRITICAL_HEADER,
					"Tokens with critical header parameters (crit) are not accepted: none is understood");
		}
	}

	/**
	 * The header as Nimbus's {@link JWSHeader}, once its rules have passed.
	 * @param jws the token
	 * @return the header
	 */
	static JWSHeader jwsHeader(CompactJws jws) {
		Map<String, @Nullable Object> json = jws.headerJson();
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> parameters = (Map<String, Object>) (Map<String, ?>) json;
			return JWSHeader.parse(parameters, new Base64URL(jws.header()));
		}
		catch (ParseException ex) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The header is not a JWS header", ex);
		}
	}

	/**
	 * The rule of a token's signature, session or machine: it verifies with the key the
	 * key source gave, which is told when it does not (its key may have been rotated).
	 */
	static void checkSignature(CompactJws jws, JWSHeader header, ClerkKeySource keys, RSAPublicKey key) {
		if (jws.signature().isEmpty()) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_SIGNATURE, "The token has no signature");
		}
		byte[] signingInput = (jws.header() + "." + jws.payload()).getBytes(StandardCharsets.US_ASCII);
		boolean valid;
		try {
			valid = new RSASSAVerifier(key).verify(header, signingInput, new Base64URL(jws.signature()));
		}
		catch (JOSEException ex) {
			throw new ClerkTokenException(TokenRejectionReason.VERIFICATION_FAILED,
					"The signature could not be verified: " + ex.getMessage(), ex);
		}
		if (!valid) {
			try {
				keys.onSignatureFailure(header, key);
			}
			catch (RuntimeException ex) {
				logger.warn("The key source failed when told of a signature that did not verify: " + ex);
			}
			throw new ClerkTokenException(TokenRejectionReason.INVALID_SIGNATURE, "The signature is invalid");
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
		checkTimes(this.clock.instant(), this.clockSkew, claims.expiresAt(), claims.notBefore().orElse(null),
				claims.issuedAt().orElse(null));
	}

	/**
	 * The rules of a token's times, session or machine: {@code exp} past, {@code nbf} or
	 * {@code iat} in the future, each allowing the clock skew.
	 */
	static void checkTimes(Instant now, Duration clockSkew, Instant expiresAt, @Nullable Instant notBefore,
			@Nullable Instant issuedAt) {
		if (!expiresAt.isAfter(now.minus(clockSkew))) {
			throw new ClerkTokenException(TokenRejectionReason.EXPIRED, "The token expired at " + expiresAt);
		}
		Instant latest = now.plus(clockSkew);
		if (notBefore != null && notBefore.isAfter(latest)) {
			throw new ClerkTokenException(TokenRejectionReason.NOT_ACTIVE_YET,
					"The token is not valid before " + notBefore);
		}
		if (issuedAt != null && issuedAt.isAfter(latest)) {
			throw new ClerkTokenException(TokenRejectionReason.ISSUED_IN_THE_FUTURE,
					"The token was issued in the future, at " + issuedAt);
		}
	}

	/**
	 * The key that verifies a token. When no key can be had (Clerk unreachable before any
	 * key was fetched), a token that its own times refuse is refused for them rather than
	 * answered as an outage: an idle tab's expired {@code __session} cookie is no token
	 * then either. Those claims are read unverified only to refuse, never to accept; a
	 * token they do not refuse, or cannot be read for, stays an outage.
	 */
	static RSAPublicKey keyFor(ClerkKeySource keys, JWSHeader header, CompactJws jws, Clock clock, Duration clockSkew) {
		try {
			return keys.keyFor(header);
		}
		catch (ClerkTokenException ex) {
			if (ex.getReason() != TokenRejectionReason.KEYS_UNAVAILABLE) {
				throw ex;
			}
			Instant expiresAt;
			Instant notBefore;
			Instant issuedAt;
			try {
				@SuppressWarnings("unchecked")
				Map<String, Object> claims = (Map<String, Object>) (Map<String, ?>) jws.payloadJson();
				expiresAt = ClerkSessionClaims.instant(claims, "exp");
				notBefore = ClerkSessionClaims.instant(claims, "nbf");
				issuedAt = ClerkSessionClaims.instant(claims, "iat");
			}
			catch (ClerkTokenException unreadable) {
				throw ex;
			}
			if (expiresAt != null) {
				checkTimes(clock.instant(), clockSkew, expiresAt, notBefore, issuedAt);
			}
			throw ex;
		}
	}

	private void checkIssuer(ClerkSessionClaims claims) {
		if (this.issuer == null) {
			return;
		}
		String issuer = claims.issuer().map(NimbusClerkTokenVerifier::withoutOneTrailingSlash).orElse(null);
		if (!this.issuer.equals(issuer)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_ISSUER,
					"The issuer " + LogSafe.value(claims.issuer().orElse("(none)")) + " is not " + this.issuer);
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
	 * Normalises an origin for comparison, exactly as docs/security.md says and no
	 * further: one trailing slash is dropped, and the scheme and host are put in lower
	 * case (ASCII letters only). Nothing is trimmed, so an origin with a space, a control
	 * character or two trailing slashes stays different from the origin without them.
	 * @param origin the origin, for example {@code HTTPS://App.Example.com/}
	 * @return the normalised origin, for example {@code https://app.example.com}
	 */
	public static String normalizeOrigin(String origin) {
		String value = withoutOneTrailingSlash(origin);
		int schemeEnd = value.indexOf("://");
		int authorityEnd = (schemeEnd < 0) ? -1 : value.indexOf('/', schemeEnd + 3);
		if (authorityEnd < 0) {
			return asciiLowerCase(value);
		}
		return asciiLowerCase(value.substring(0, authorityEnd)) + value.substring(authorityEnd);
	}

	private static String withoutOneTrailingSlash(String value) {
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	private static String asciiLowerCase(String value) {
		StringBuilder lower = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			lower.append((c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c);
		}
		return lower.toString();
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
