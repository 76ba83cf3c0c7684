package dev.clerkusers.test.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Builds a real, signed Clerk session token. By default it is a valid v1 token: issued
 * now, valid for 60 seconds, with {@code sub}, {@code sid}, {@code iss}, {@code azp},
 * {@code iat}, {@code nbf} and {@code exp}.
 */
public final class SessionTokenBuilder {

	/** Clerk's {@code cat} header value of JWT templates. */
	public static final String TEMPLATE_CATEGORY = "cl_B7d4PD222AAA";

	/** Clerk's {@code cat} header value of M2M JWTs. */
	public static final String M2M_CATEGORY = "cl_B7d4PD333AAA";

	private RSAKey key;

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private final Map<String, Object> headers = new LinkedHashMap<>();

	private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

	private @Nullable String keyId;

	private Instant issuedAt = Instant.now();

	private Duration lifetime = Duration.ofSeconds(60);

	private @Nullable Instant expiresAt;

	SessionTokenBuilder(RSAKey key, String userId, String issuer, String authorizedParty) {
		this.key = key;
		this.claims.put("sub", userId);
		this.claims.put("sid", "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
		this.claims.put("iss", issuer);
		this.claims.put("azp", authorizedParty);
	}

	/**
	 * Sets the session id.
	 * @param sessionId the {@code sid}, or {@code null} to leave it out
	 * @return this builder
	 */
	public SessionTokenBuilder sessionId(@Nullable String sessionId) {
		return claim("sid", sessionId);
	}

	/**
	 * Sets the user id.
	 * @param userId the {@code sub}, or {@code null} to leave it out
	 * @return this builder
	 */
	public SessionTokenBuilder subject(@Nullable String userId) {
		return claim("sub", userId);
	}

	/**
	 * Sets the issuer.
	 * @param issuer the {@code iss}, or {@code null} to leave it out
	 * @return this builder
	 */
	public SessionTokenBuilder issuer(@Nullable String issuer) {
		return claim("iss", issuer);
	}

	/**
	 * Sets the authorized party.
	 * @param authorizedParty the {@code azp}, or {@code null} to leave it out
	 * @return this builder
	 */
	public SessionTokenBuilder authorizedParty(@Nullable String authorizedParty) {
		return claim("azp", authorizedParty);
	}

	/**
	 * Sets the audience.
	 * @param audience the {@code aud} values
	 * @return this builder
	 */
	public SessionTokenBuilder audience(String... audience) {
		return claim("aud", (audience.length == 1) ? audience[0] : List.of(audience));
	}

	/**
	 * Sets when the token was issued; {@code nbf} is 10 seconds earlier, as Clerk does.
	 * @param issuedAt the {@code iat}
	 * @return this builder
	 */
	public SessionTokenBuilder issuedAt(Instant issuedAt) {
		this.issuedAt = issuedAt;
		return this;
	}

	/**
	 * Sets how long the token lives after it was issued (default 60 seconds).
	 * @param lifetime the lifetime
	 * @return this builder
	 */
	public SessionTokenBuilder lifetime(Duration lifetime) {
		this.lifetime = lifetime;
		return this;
	}

	/**
	 * Sets when the token expires.
	 * @param expiresAt the {@code exp}
	 * @return this builder
	 */
	public SessionTokenBuilder expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return this;
	}

	/**
	 * Makes the token expired: issued two minutes ago, expired a minute ago.
	 * @return this builder
	 */
	public SessionTokenBuilder expired() {
		this.issuedAt = Instant.now().minusSeconds(120);
		this.expiresAt = Instant.now().minusSeconds(60);
		return this;
	}

	/**
	 * Leaves {@code exp} out.
	 * @return this builder
	 */
	public SessionTokenBuilder withoutExpiry() {
		this.lifetime = Duration.ZERO;
		this.expiresAt = Instant.EPOCH;
		return this;
	}

	/**
	 * Sets a v1 active organization: flat {@code org_id}, {@code org_slug},
	 * {@code org_role}, {@code org_permissions}.
	 * @param id the organization id
	 * @param slug the slug
	 * @param role the role key, for example {@code org:admin}
	 * @param permissions the permission keys, for example {@code org:teams:manage}
	 * @return this builder
	 */
	public SessionTokenBuilder organization(String id, String slug, String role, String... permissions) {
		this.claims.put("org_id", id);
		this.claims.put("org_slug", slug);
		this.claims.put("org_role", role);
		this.claims.put("org_permissions", List.of(permissions));
		return this;
	}

	/**
	 * Makes this a v2 token ({@code v=2}) with an active organization in the {@code o}
	 * claim. Permissions are given per organization feature; they are encoded into
	 * {@code fea}, {@code o.per} and {@code o.fpm} as Clerk does.
	 * @param id the organization id
	 * @param slug the slug
	 * @param role the role, without the {@code org:} prefix (for example {@code admin})
	 * @param permissionsByFeature for each feature, its permissions (for example
	 * {@code Map.of("teams", List.of("manage", "read"))})
	 * @return this builder
	 */
	public SessionTokenBuilder organizationV2(String id, String slug, String role,
			Map<String, List<String>> permissionsByFeature) {
		List<String> features = new ArrayList<>(permissionsByFeature.keySet());
		List<String> permissionNames = new ArrayList<>();
		permissionsByFeature.values()
			.forEach((
					names) -> names.stream().filter((n) -> !permissionNames.contains(n)).forEach(permissionNames::add));
		List<String> masks = new ArrayList<>();
		for (String feature : features) {
			long mask = 0;
			for (String name : permissionsByFeature.getOrDefault(feature, List.of())) {
				mask |= 1L << permissionNames.indexOf(name);
			}
			masks.add(Long.toString(mask));
		}
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("id", id);
		o.put("slg", slug);
		o.put("rol", role);
		o.put("per", String.join(",", permissionNames));
		o.put("fpm", String.join(",", masks));
		this.claims.put("v", 2);
		this.claims.put("o", o);
		this.claims.put("fea", String.join(",", features.stream().map((f) -> "o:" + f).toList()));
		return this;
	}

	/**
	 * Makes this a v2 token ({@code v=2}) without changing anything else.
	 * @return this builder
	 */
	public SessionTokenBuilder v2() {
		return claim("v", 2);
	}

	/**
	 * Makes the session pending ({@code sts=pending}).
	 * @return this builder
	 */
	public SessionTokenBuilder pending() {
		return claim("sts", "pending");
	}

	/**
	 * Makes someone act for the user ({@code act}), as in impersonation.
	 * @param actorUserId the actor's user id
	 * @return this builder
	 */
	public SessionTokenBuilder impersonatedBy(String actorUserId) {
		return claim("act", Map.of("sub", actorUserId, "sid", "sess_actor", "iss", "https://dashboard.clerk.com"));
	}

	/**
	 * Sets the factor verification ages ({@code fva}).
	 * @param firstFactorMinutes minutes since the first factor, or -1
	 * @param secondFactorMinutes minutes since the second factor, or -1
	 * @return this builder
	 */
	public SessionTokenBuilder factorVerificationAge(int firstFactorMinutes, int secondFactorMinutes) {
		return claim("fva", List.of(firstFactorMinutes, secondFactorMinutes));
	}

	/**
	 * Sets any claim.
	 * @param name the claim
	 * @param value the value, or {@code null} to leave the claim out
	 * @return this builder
	 */
	public SessionTokenBuilder claim(String name, @Nullable Object value) {
		if (value == null) {
			this.claims.remove(name);
		}
		else {
			this.claims.put(name, value);
		}
		return this;
	}

	/**
	 * Sets a header parameter, for example {@code cat}.
	 * @param name the parameter
	 * @param value the value
	 * @return this builder
	 */
	public SessionTokenBuilder header(String name, Object value) {
		this.headers.put(name, value);
		return this;
	}

	/**
	 * Marks the token as a JWT template ({@code cat} header).
	 * @return this builder
	 */
	public SessionTokenBuilder jwtTemplate() {
		return header("cat", TEMPLATE_CATEGORY);
	}

	/**
	 * Signs with another RSA algorithm.
	 * @param algorithm RS256, RS384 or RS512 (others are what verifiers must refuse)
	 * @return this builder
	 */
	public SessionTokenBuilder algorithm(JWSAlgorithm algorithm) {
		this.algorithm = algorithm;
		return this;
	}

	/**
	 * Sets the {@code kid} header (the key id of the signing key by default).
	 * @param keyId the key id
	 * @return this builder
	 */
	public SessionTokenBuilder keyId(String keyId) {
		this.keyId = keyId;
		return this;
	}

	/**
	 * Signs with another key (keeping the {@code kid} of the instance unless set), for
	 * tokens the instance did not sign.
	 * @param other the other instance's tokens
	 * @return this builder
	 */
	public SessionTokenBuilder signedBy(ClerkTestTokens other) {
		String kid = (this.keyId != null) ? this.keyId : this.key.getKeyID();
		this.key = other.privateJwk();
		this.keyId = kid;
		return this;
	}

	/**
	 * The claims as they will be signed.
	 * @return the claims
	 */
	public Map<String, Object> claims() {
		Map<String, Object> all = new LinkedHashMap<>(this.claims);
		Instant expiry = (this.expiresAt != null) ? this.expiresAt : this.issuedAt.plus(this.lifetime);
		all.putIfAbsent("iat", this.issuedAt.getEpochSecond());
		all.putIfAbsent("nbf", this.issuedAt.minusSeconds(10).getEpochSecond());
		if (!Instant.EPOCH.equals(this.expiresAt)) {
			all.putIfAbsent("exp", expiry.getEpochSecond());
		}
		return all;
	}

	/**
	 * Signs the token.
	 * @return the compact JWT
	 */
	public String sign() {
		try {
			JWSHeader.Builder header = new JWSHeader.Builder(this.algorithm).type(JOSEObjectType.JWT)
				.keyID((this.keyId != null) ? this.keyId : this.key.getKeyID());
			this.headers.forEach(header::customParam);
			JWTClaimsSet.Builder claimsSet = new JWTClaimsSet.Builder();
			claims().forEach((name, value) -> {
				if (value instanceof Number number
						&& (name.equals("iat") || name.equals("nbf") || name.equals("exp"))) {
					claimsSet.claim(name, new Date(number.longValue() * 1000));
				}
				else {
					claimsSet.claim(name, value);
				}
			});
			SignedJWT jwt = new SignedJWT(header.build(), claimsSet.build());
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign the token", ex);
		}
	}

}
