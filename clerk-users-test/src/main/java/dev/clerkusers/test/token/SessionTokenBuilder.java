package dev.clerkusers.test.token;

import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

/**
 * Builds a real, signed Clerk session token. By default it is a valid version 2 token, as
 * Clerk issues them since version 1 was deprecated (2025-04-14): issued now, valid for 60
 * seconds, signed with RS256, with the header {@code typ} ({@code JWT}), {@code kid} and
 * {@code cat} ({@link #SESSION_CATEGORY}, Clerk's session-token category), and with
 * Clerk's default claims {@code sub}, {@code sid}, {@code iss}, {@code azp}, {@code iat},
 * {@code nbf}, {@code exp}, {@code v} ({@code 2}), {@code jti} (a fresh token id),
 * {@code fva} ({@code [0, -1]}: first factor verified just now, no second factor),
 * {@code sts} ({@code active}) and {@code pla} ({@code u:free_user}, or
 * {@code u:free_user,o:free_org} with an active organization: the plans Clerk gives users
 * and organizations by default).
 * <p>
 * {@link #v1()} makes a version 1 token instead: no {@code v}, {@code jti}, {@code pla},
 * {@code sts}, {@code fea} or {@code o}, and the active organization as the flat
 * {@code org_id}, {@code org_slug}, {@code org_role} and {@code org_permissions} claims.
 * An organization set with {@link #organization} is written in the shape of the token's
 * version, so the same test code works with both.
 * <p>
 * {@link #claim(String, Object) claim(name, null)} leaves any claim out, default claims
 * included.
 */
public final class SessionTokenBuilder {

	/**
	 * Clerk's {@code cat} header value of session tokens, which every token of this
	 * builder carries unless {@link #withoutCategory()} leaves it out. Written here from
	 * Clerk's tokens, not taken from the library's verifier, so that the kit checks the
	 * library rather than repeating it.
	 */
	public static final String SESSION_CATEGORY = "cl_B7d4PD111AAA";

	/** Clerk's {@code cat} header value of JWT templates. */
	public static final String TEMPLATE_CATEGORY = "cl_B7d4PD222AAA";

	/** Clerk's {@code cat} header value of M2M JWTs. */
	public static final String M2M_CATEGORY = "cl_B7d4PD333AAA";

	/**
	 * The {@code pla} claim of v2 tokens without an active organization: the user's plan,
	 * Clerk's default free user plan.
	 */
	public static final String DEFAULT_USER_PLAN = "u:free_user";

	/**
	 * The {@code pla} claim of v2 tokens with an active organization: the user's and the
	 * organization's plans, Clerk's default free plans.
	 */
	public static final String DEFAULT_ORGANIZATION_PLAN = "u:free_user,o:free_org";

	private static final SecureRandom random = new SecureRandom();

	private @Nullable RSAKey key;

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private final Map<String, Object> headers = new LinkedHashMap<>();

	/** Header parameters left out, defaults included. */
	private final Set<String> omittedHeaders = new HashSet<>();

	private final Set<String> omitted = new HashSet<>();

	private int version = 2;

	private @Nullable ActiveOrganization organization;

	private final String defaultTokenId = newTokenId();

	private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

	private @Nullable String keyId;

	private Instant issuedAt = Instant.now();

	private Duration lifetime = Duration.ofSeconds(60);

	private @Nullable Instant expiresAt;

	SessionTokenBuilder(@Nullable RSAKey key, String userId, String issuer, String authorizedParty) {
		this.key = key;
		this.claims.put("sub", userId);
		this.claims.put("sid", "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
		this.claims.put("iss", issuer);
		this.claims.put("azp", authorizedParty);
		this.headers.put("cat", SESSION_CATEGORY);
	}

	/**
	 * A builder of the claims only ({@link #claims()}), with the defaults of a token the
	 * kit signs, for the claims that Clerk would put in a session token without a signed
	 * token: {@code @WithClerkUser} uses it. The issuer and authorized party are
	 * {@link ClerkTestTokens#DEFAULT_ISSUER} and
	 * {@link ClerkTestTokens#DEFAULT_AUTHORIZED_PARTY}.
	 * @param userId the user id ({@code sub})
	 * @return the builder, whose {@link #sign()} fails unless {@link #signedBy} names a
	 * key
	 */
	public static SessionTokenBuilder claimsOnly(String userId) {
		return new SessionTokenBuilder(null, userId, ClerkTestTokens.DEFAULT_ISSUER,
				ClerkTestTokens.DEFAULT_AUTHORIZED_PARTY);
	}

	/**
	 * A token id as Clerk's look: 20 hexadecimal digits.
	 */
	private static String newTokenId() {
		byte[] bytes = new byte[10];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
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
	 * Sets when the token was issued; {@code nbf} is 10 seconds earlier, as Clerk does. A
	 * time in the future is then refused for its {@code nbf} first
	 * ({@code token-not-active-yet}); to test the {@code iat} rule alone, leave
	 * {@code nbf} out with {@code claim("nbf", null)}.
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
		this.lifetime = Objects.requireNonNull(lifetime, "lifetime must not be null");
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
	 * Sets the active organization, written in the shape of the token's version: in a v2
	 * token (the default) the {@code o} claim ({@code rol} without the {@code org:}
	 * prefix, permissions encoded into {@code fea}, {@code o.per} and {@code o.fpm} as
	 * Clerk does), in a {@link #v1() v1} token the flat {@code org_id}, {@code org_slug},
	 * {@code org_role} and {@code org_permissions} claims.
	 * @param id the organization id
	 * @param slug the slug, or {@code null} (or empty) for an organization without one
	 * @param role the role key, for example {@code org:admin} ({@code admin} works too)
	 * @param permissions the permission keys, {@code org:<feature>:<permission>}, for
	 * example {@code org:teams:manage}
	 * @return this builder
	 * @throws IllegalArgumentException when a permission is not of the form
	 * {@code org:<feature>:<permission>}, or holds a comma, which neither version can
	 * carry, or is a system permission ({@code org:sys_*}), which Clerk never writes into
	 * a token
	 */
	public SessionTokenBuilder organization(String id, @Nullable String slug, String role, String... permissions) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(role, "role must not be null");
		Map<String, List<String>> byFeature = new LinkedHashMap<>();
		for (String permission : permissions) {
			String[] parts = permission.split(":", -1);
			if (parts.length != 3 || !parts[0].equals("org") || parts[1].isEmpty() || parts[2].isEmpty()
					|| permission.contains(",")) {
				throw new IllegalArgumentException(
						"Not an organization permission key (org:<feature>:<permission>): " + permission);
			}
			byFeature.computeIfAbsent(parts[1], (feature) -> new ArrayList<>()).add(parts[2]);
		}
		this.organization = new ActiveOrganization(id, slug, role, byFeature);
		return this;
	}

	/**
	 * Makes this a v2 token ({@code v=2}) with an active organization in the {@code o}
	 * claim. Permissions are given per organization feature; they are encoded into
	 * {@code fea}, {@code o.per} and {@code o.fpm} as Clerk does.
	 * @param id the organization id
	 * @param slug the slug, or {@code null} (or empty) for an organization without one
	 * @param role the role, without the {@code org:} prefix (for example {@code admin})
	 * @param permissionsByFeature for each feature, its permissions (for example
	 * {@code Map.of("teams", List.of("manage", "read"))})
	 * @return this builder
	 * @throws IllegalArgumentException when a feature or permission holds a comma, which
	 * the claims use to separate them, or a feature is a system one ({@code sys_*}),
	 * which Clerk never writes into a token
	 */
	public SessionTokenBuilder organizationV2(String id, @Nullable String slug, String role,
			Map<String, List<String>> permissionsByFeature) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(role, "role must not be null");
		Map<String, List<String>> byFeature = new LinkedHashMap<>();
		permissionsByFeature.forEach((feature, names) -> {
			for (String name : names) {
				if (feature.contains(",") || name.contains(",")) {
					throw new IllegalArgumentException("A feature or permission with a comma, which the claims list"
							+ " separated by commas: " + feature + ":" + name);
				}
			}
			byFeature.put(feature, new ArrayList<>(names));
		});
		this.organization = new ActiveOrganization(id, slug, role, byFeature);
		this.version = 2;
		return this;
	}

	/**
	 * Makes this a v2 token, the default: {@code v=2}, {@code jti}, {@code pla},
	 * {@code sts}, and the organization in the {@code o} claim.
	 * @return this builder
	 */
	public SessionTokenBuilder v2() {
		this.version = 2;
		return this;
	}

	/**
	 * Makes this a v1 token, as Clerk issued before version 2 and still issues for
	 * instances that did not upgrade: no {@code v}, {@code jti}, {@code pla},
	 * {@code sts}, {@code fea} or {@code o}; the organization in the flat {@code org_*}
	 * claims.
	 * @return this builder
	 */
	public SessionTokenBuilder v1() {
		this.version = 1;
		return this;
	}

	/**
	 * Sets the token id.
	 * @param tokenId the {@code jti}, or {@code null} to leave it out
	 * @return this builder
	 */
	public SessionTokenBuilder tokenId(@Nullable String tokenId) {
		return claim("jti", tokenId);
	}

	/**
	 * Sets the plans ({@code pla}, v2 tokens).
	 * @param plan the plans, comma-separated {@code <scope>:<slug>} with scope {@code u}
	 * (the user's) or {@code o} (the active organization's), for example
	 * {@code u:free_user,o:pro}; or {@code null} to leave the claim out
	 * @return this builder
	 */
	public SessionTokenBuilder plan(@Nullable String plan) {
		return claim("pla", plan);
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
		Objects.requireNonNull(actorUserId, "actorUserId must not be null");
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
	 * Sets any claim, signed as it is set (a JSON value: a string, number, boolean, list
	 * or map), except that an {@link java.time.Instant} or {@link java.util.Date} is
	 * signed as its number of seconds.
	 * @param name the claim
	 * @param value the value, or {@code null} to leave the claim out
	 * @return this builder
	 */
	public SessionTokenBuilder claim(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "name must not be null");
		if (value == null) {
			this.claims.remove(name);
			this.omitted.add(name);
		}
		else {
			this.claims.put(name, value);
			this.omitted.remove(name);
		}
		return this;
	}

	/**
	 * Sets a header parameter, a custom one such as {@code cat} or a registered one such
	 * as {@code kid}, {@code typ} or {@code jku}.
	 * @param name the parameter
	 * @param value the value, or {@code null} to leave the parameter out, also one the
	 * builder sets by default ({@code kid}, {@code typ}, {@code cat}); under
	 * {@code b64: false} the payload stays base64url-encoded, so that the token is three
	 * segments and reaches the rule that refuses the mark; a value that JOSE does not
	 * allow for a registered parameter (a {@code kid} that is no string) makes
	 * {@link #sign()} throw an {@link IllegalArgumentException}
	 * @return this builder
	 */
	public SessionTokenBuilder header(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "name must not be null");
		if (value == null) {
			this.headers.remove(name);
			this.omittedHeaders.add(name);
		}
		else if (name.equals("kid") && value instanceof String keyId) {
			keyId(keyId);
		}
		else {
			this.headers.put(name, value);
			this.omittedHeaders.remove(name);
		}
		return this;
	}

	/**
	 * Leaves the {@code cat} header out, as in session tokens Clerk issued before it
	 * added token categories.
	 * @return this builder
	 */
	public SessionTokenBuilder withoutCategory() {
		return header("cat", null);
	}

	/**
	 * Marks the token as a JWT template ({@code cat} header). Only the header changes, so
	 * that a test sees the category alone refuse it; a template token Clerk issues also
	 * has no {@code sid} (leave it out with {@code claim("sid", null)}).
	 * @return this builder
	 */
	public SessionTokenBuilder jwtTemplate() {
		return header("cat", TEMPLATE_CATEGORY);
	}

	/**
	 * Signs with another algorithm than RS256, to test how a verifier treats tokens that
	 * Clerk never issues. Clerk signs session tokens with RS256 only, and its keys are
	 * published for RS256 ({@code "alg": "RS256"} in the JWKS, as in this kit's): Clerk's
	 * own verifier, {@code @clerk/backend}, refuses an RS384 or RS512 token against them,
	 * although its list of algorithms names both. A token made with another algorithm is
	 * therefore never one Clerk would issue, whatever a verifier does with it; this
	 * library accepts RS384 and RS512 (see the security model in the documentation).
	 * @param algorithm an RSA algorithm: RS384 or RS512, or PS256, PS384 or PS512
	 * (RSA-PSS, which Clerk's verifier and this library refuse)
	 * @return this builder
	 * @throws IllegalArgumentException for an algorithm the kit's RSA keys cannot sign
	 * with
	 */
	public SessionTokenBuilder algorithm(JWSAlgorithm algorithm) {
		if (!JWSAlgorithm.Family.RSA.contains(algorithm)) {
			throw new IllegalArgumentException("The kit's keys are RSA keys: " + algorithm
					+ " is none of the RSA algorithms " + JWSAlgorithm.Family.RSA);
		}
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
		this.headers.remove("kid");
		this.omittedHeaders.remove("kid");
		return this;
	}

	/**
	 * Signs with another key (keeping the {@code kid} of the instance unless set), for
	 * tokens the instance did not sign.
	 * @param other the other instance's tokens
	 * @return this builder
	 */
	public SessionTokenBuilder signedBy(ClerkTestTokens other) {
		String kid = (this.keyId != null) ? this.keyId
				: (this.key != null) ? this.key.getKeyID() : other.privateJwk().getKeyID();
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
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("iat", this.issuedAt.getEpochSecond());
		defaults.put("nbf", this.issuedAt.minusSeconds(10).getEpochSecond());
		if (!Instant.EPOCH.equals(this.expiresAt)) {
			defaults.put("exp", expiry.getEpochSecond());
		}
		defaults.put("fva", List.of(0, -1));
		if (this.version == 2) {
			defaults.put("v", 2);
			defaults.put("jti", this.defaultTokenId);
			defaults.put("sts", "active");
			defaults.put("pla", (this.organization != null) ? DEFAULT_ORGANIZATION_PLAN : DEFAULT_USER_PLAN);
			if (this.organization != null) {
				defaults.putAll(this.organization.v2Claims());
			}
		}
		else if (this.organization != null) {
			defaults.putAll(this.organization.v1Claims());
		}
		defaults.forEach((name, value) -> {
			if (!this.omitted.contains(name)) {
				all.putIfAbsent(name, value);
			}
		});
		return all;
	}

	/**
	 * Signs the token.
	 * @return the compact JWT
	 */
	public String sign() {
		RSAKey key = this.key;
		if (key == null) {
			throw new IllegalStateException("A builder of claims only has no key to sign with; use signedBy(…)");
		}
		try {
			// Registered parameters (kid, typ, jku…) and custom ones (cat) alike, each
			// set or left out by header(…).
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("alg", this.algorithm.getName());
			fields.put("typ", JOSEObjectType.JWT.getType());
			fields.put("kid", (this.keyId != null) ? this.keyId : key.getKeyID());
			fields.putAll(this.headers);
			fields.keySet().removeAll(this.omittedHeaders);
			// Each claim as it was set: times are numbers of seconds already.
			return CompactTokens.sign(fields, claims(), key);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(
					"A header parameter has a value that JOSE does not allow: " + ex.getMessage(), ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign the token", ex);
		}
	}

	/**
	 * The active organization, with its permissions per feature, written as either
	 * version's claims.
	 */
	private record ActiveOrganization(String id, @Nullable String slug, String role,
			Map<String, List<String>> byFeature) {

		/**
		 * Refuses a system permission ({@code org:sys_*}), which Clerk never writes into
		 * a session token: a token lists only the permissions of the plan's features.
		 */
		ActiveOrganization {
			byFeature.forEach((feature, names) -> {
				if (feature.startsWith("sys_")) {
					throw new IllegalArgumentException("org:" + feature + ":" + String.join(",", names)
							+ " is a system permission, which Clerk never writes into a session token (a token lists "
							+ "only the permissions of the plan's features), so a test of it here would pass and "
							+ "never against Clerk. A membership's stored permissions may hold one: give it to "
							+ "ClerkData.membership(…).role(role, permissions…) and select the organization with "
							+ "the X-Organization-Id header");
				}
			});
		}

		Map<String, Object> v1Claims() {
			List<String> permissions = new ArrayList<>();
			this.byFeature.forEach((feature, names) -> names.forEach((name) -> {
				String key = "org:" + feature + ":" + name;
				if (!permissions.contains(key)) {
					permissions.add(key);
				}
			}));
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("org_id", this.id);
			if (this.slug != null && !this.slug.isEmpty()) {
				claims.put("org_slug", this.slug);
			}
			claims.put("org_role", this.role.startsWith("org:") ? this.role : "org:" + this.role);
			claims.put("org_permissions", permissions);
			return claims;
		}

		Map<String, Object> v2Claims() {
			List<String> features = new ArrayList<>(this.byFeature.keySet());
			List<String> permissionNames = new ArrayList<>();
			this.byFeature.values()
				.forEach((names) -> names.stream()
					.filter((name) -> !permissionNames.contains(name))
					.forEach(permissionNames::add));
			List<String> masks = new ArrayList<>();
			for (String feature : features) {
				long mask = 0;
				for (String name : this.byFeature.getOrDefault(feature, List.of())) {
					mask |= 1L << permissionNames.indexOf(name);
				}
				masks.add(Long.toString(mask));
			}
			Map<String, Object> o = new LinkedHashMap<>();
			o.put("id", this.id);
			if (this.slug != null && !this.slug.isEmpty()) {
				o.put("slg", this.slug);
			}
			o.put("rol", this.role.startsWith("org:") ? this.role.substring("org:".length()) : this.role);
			o.put("per", String.join(",", permissionNames));
			o.put("fpm", String.join(",", masks));
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("o", o);
			claims.put("fea", String.join(",", features.stream().map((feature) -> "o:" + feature).toList()));
			return claims;
		}

	}

}
