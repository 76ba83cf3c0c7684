package dev.clerkusers.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSHeader;
import dev.clerkusers.api.MachineTokenResource;
import org.jspecify.annotations.Nullable;

/**
 * Verifies JWT-format machine tokens, M2M and OAuth, locally with the instance's keys
 * (the ones that verify session tokens), as {@code @clerk/backend}'s {@code verifyM2MJwt}
 * and {@code verifyOAuthJwt} do:
 * <ol>
 * <li>the header rules of every Clerk JWT: no typed parameter present as {@code null},
 * RS256, RS384 or RS512, a base64url-encoded payload, no {@code crit};</li>
 * <li>an M2M JWT's {@code typ}, when present, is {@code JWT}, and its {@code cat}, when
 * present, is the M2M category ({@link TokenRejectionReason#NOT_AN_M2M_TOKEN}); an OAuth
 * JWT's {@code typ} is {@code at+jwt} or {@code application/at+jwt}
 * ({@link TokenRejectionReason#INVALID_TYPE});</li>
 * <li>the signature, with the key of the {@code kid}, before any claim is read (without
 * any key, a token that its own times refuse is refused for them);</li>
 * <li>{@code sub} is a string and {@code exp} is present
 * ({@link TokenRejectionReason#MISSING_CLAIM}), and {@code sub} is a machine
 * ({@code mch_…}) for M2M, a user ({@code user_…}) for OAuth, as an opaque token's answer
 * must name ({@link TokenRejectionReason#MALFORMED});</li>
 * <li>{@code exp}, {@code nbf} and {@code iat}, allowing the clock skew.</li>
 * </ol>
 * Like {@code @clerk/backend}, it checks no {@code iss} and no {@code azp} (an M2M JWT
 * has no {@code azp}; the authorized parties of session tokens are browser origins); an
 * OAuth token's {@code aud}, and an M2M token's when it names any, are checked by
 * {@link DefaultClerkMachineTokenVerifier} against the configured audiences. A JWT cannot
 * be revoked: it is valid until it expires.
 */
public final class LocalMachineJwtVerifier implements ClerkMachineTokenVerifier {

	/** The {@code cat} header value of M2M JWTs. */
	public static final String M2M_TOKEN_CATEGORY = "cl_B7d4PD333AAA";

	private static final Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", "exp", "nbf", "iat", "jti");

	private final ClerkKeySource keys;

	private final Duration clockSkew;

	private final Clock clock;

	/**
	 * Creates a verifier.
	 * @param keys the instance's keys
	 * @param clockSkew the clock skew allowed for {@code exp}, {@code nbf} and
	 * {@code iat}
	 * @param clock the clock
	 */
	public LocalMachineJwtVerifier(ClerkKeySource keys, Duration clockSkew, Clock clock) {
		this.keys = keys;
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	@Override
	public ClerkMachineToken verify(String token) {
		ClerkTokenType type = ClerkTokenType.of(token);
		if (type != ClerkTokenType.M2M_TOKEN && type != ClerkTokenType.OAUTH_TOKEN) {
			throw new ClerkTokenException(TokenRejectionReason.TYPE_NOT_ACCEPTED,
					"The token is not an M2M or OAuth JWT");
		}
		CompactJws jws = CompactJws.parse(token);
		Map<String, @Nullable Object> header = jws.headerJson();
		NimbusClerkTokenVerifier.checkJoseHeader(header);
		checkType(type, header);
		JWSHeader jwsHeader = NimbusClerkTokenVerifier.jwsHeader(jws);
		jws.checkEncoding();
		NimbusClerkTokenVerifier.checkSignature(jws, jwsHeader, this.keys,
				NimbusClerkTokenVerifier.keyFor(this.keys, jwsHeader, jws, this.clock, this.clockSkew));
		Map<String, @Nullable Object> payload = jws.payloadJson();
		Object sub = payload.get("sub");
		if (sub == null) {
			throw new ClerkTokenException(TokenRejectionReason.MISSING_CLAIM, "The token has no subject (sub)");
		}
		if (!(sub instanceof String subject)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The subject (sub) is not a string");
		}
		if (!type.isSubjectOf(subject)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The subject (sub) " + LogSafe.value(subject)
					+ " is no " + ((type == ClerkTokenType.M2M_TOKEN) ? "machine (mch_…)" : "user (user_…)"));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> claims = (Map<String, Object>) (Map<String, ?>) payload;
		Instant expiresAt = ClerkSessionClaims.instant(claims, "exp");
		if (expiresAt == null) {
			throw new ClerkTokenException(TokenRejectionReason.MISSING_CLAIM, "The token has no expiry (exp)");
		}
		NimbusClerkTokenVerifier.checkTimes(this.clock.instant(), this.clockSkew, expiresAt,
				ClerkSessionClaims.instant(claims, "nbf"), ClerkSessionClaims.instant(claims, "iat"));
		String id = (payload.get("jti") instanceof String jti) ? jti : "";
		ClerkMachineToken.Builder builder = ClerkMachineToken.builder(type, id, subject).expiresAt(expiresAt).jwt(true);
		if (type == ClerkTokenType.M2M_TOKEN) {
			Map<String, @Nullable Object> custom = new LinkedHashMap<>(payload);
			custom.keySet().removeAll(RESERVED_CLAIMS);
			return builder.scopes(m2mScopes(payload)).claims(custom).audiences(audiences(payload.get("aud"))).build();
		}
		String clientId = (payload.get("client_id") instanceof String client) ? client : null;
		return builder.scopes(oauthScopes(payload)).clientId(clientId).audiences(audiences(payload.get("aud"))).build();
	}

	static void checkType(ClerkTokenType type, Map<String, @Nullable Object> header) {
		Object typ = header.get("typ");
		if (typ != null && !(typ instanceof String)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The header parameter typ is not a string");
		}
		if (type == ClerkTokenType.OAUTH_TOKEN) {
			if (typ == null || !ClerkTokenType.OAUTH_JWT_TYPES.contains(typ)) {
				throw new ClerkTokenException(TokenRejectionReason.INVALID_TYPE, "The token type " + LogSafe.value(typ)
						+ " is not an OAuth access token type (at+jwt, application/at+jwt)");
			}
			return;
		}
		if (typ != null && !"JWT".equals(typ)) {
			throw new ClerkTokenException(TokenRejectionReason.INVALID_TYPE,
					"The token type " + LogSafe.value(typ) + " is not an M2M token type (JWT)");
		}
		Object category = header.get("cat");
		if (category != null && !M2M_TOKEN_CATEGORY.equals(category)) {
			throw new ClerkTokenException(TokenRejectionReason.NOT_AN_M2M_TOKEN,
					"The token category " + LogSafe.value(category) + " is not the M2M token category");
		}
	}

	/**
	 * An M2M JWT's scopes: its space-separated {@code scopes} claim, else its
	 * {@code aud}, as {@code @clerk/backend}'s {@code M2MToken.fromJwtPayload} reads
	 * them. A {@code scopes} claim of another JSON type is refused (it fails there too),
	 * never passed over for the audience.
	 */
	private static List<String> m2mScopes(Map<String, @Nullable Object> payload) {
		Object scopes = payload.get("scopes");
		if (scopes != null) {
			if (!(scopes instanceof String string)) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The scopes claim is not a space-separated string");
			}
			return names(split(string), "scopes");
		}
		Object audience = payload.get("aud");
		if (audience instanceof String single) {
			return names(List.of(single), "aud");
		}
		return names(ClerkSessionClaims.stringList(audience, "aud"), "aud");
	}

	/**
	 * A JWT's audiences: its {@code aud}, a string or an array of strings; any other
	 * value names none (an application that expects an OAuth token's audience refuses
	 * it).
	 */
	static List<String> audiences(@Nullable Object aud) {
		if (aud instanceof String single) {
			return List.of(single);
		}
		if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		return List.of();
	}

	/**
	 * An OAuth JWT's scopes: its {@code scp} array, else its space-separated
	 * {@code scope}, as {@code @clerk/backend}'s
	 * {@code IdPOAuthAccessToken.fromJwtPayload} reads them.
	 */
	private static List<String> oauthScopes(Map<String, @Nullable Object> payload) {
		if (payload.get("scp") != null) {
			return names(ClerkSessionClaims.stringList(payload.get("scp"), "scp"), "scp");
		}
		Object scope = payload.get("scope");
		if (scope == null) {
			return List.of();
		}
		if (!(scope instanceof String string)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
					"The scope claim is not a space-separated string");
		}
		return names(split(string), "scope");
	}

	/**
	 * Scopes as rule M5a takes them from Clerk's answer about an opaque token: each is a
	 * name, neither empty nor holding whitespace, else the token is refused. A JWT's
	 * scopes become authorities ({@code SCOPE_<scope>}) as an opaque token's do, so one
	 * rule holds for both forms.
	 */
	private static List<String> names(List<String> scopes, String claim) {
		for (String scope : scopes) {
			if (!MachineTokenResource.isScope(scope)) {
				throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
						"The " + claim + " claim holds a scope that is empty or holds whitespace, which no scope does");
			}
		}
		return scopes;
	}

	/**
	 * A space-separated claim's scopes, split on each single space as
	 * {@code @clerk/backend} splits it: two spaces together, or one at either end, give
	 * an empty scope, which {@link #names} refuses.
	 */
	private static List<String> split(String scopes) {
		return List.of(scopes.split(" ", -1));
	}

}
