package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The claims of a verified Clerk session token, typed.
 * <p>
 * Organization claims come from the flat {@code org_id}, {@code org_slug},
 * {@code org_role} and {@code org_permissions} of a v1 token, or from the {@code o} claim
 * of a v2 token ({@code v=2}), whose permissions are decoded from {@code fea} and
 * {@code o.per}/{@code o.fpm}. On a v2 token the flat {@code org_*} claims are ignored:
 * they could be custom claims added to the token, and trusting them would let them forge
 * an organization.
 */
public final class ClerkSessionClaims implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** A permission mask of {@code o.fpm}: decimal digits. */
	private static final Pattern DECIMAL = Pattern.compile("[0-9]+");

	private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(NimbusClerkTokenVerifier.MAX_EPOCH_SECONDS);

	private final String userId;

	private final String sessionId;

	private final @Nullable String authorizedParty;

	private final @Nullable String issuer;

	private final Instant expiresAt;

	private final @Nullable Instant issuedAt;

	private final @Nullable Instant notBefore;

	private final @Nullable String sessionStatus;

	private final int version;

	private final List<String> audience;

	private final @Nullable String tokenId;

	private final @Nullable ClerkOrganizationClaims organization;

	private final @Nullable FactorVerificationAge factorVerificationAge;

	private final @Nullable ClerkActor actor;

	private final @Nullable String plan;

	private final List<String> features;

	private final Map<String, Object> claims;

	private ClerkSessionClaims(Map<String, Object> claims) {
		Map<String, Object> present = new LinkedHashMap<>();
		claims.forEach((name, value) -> {
			if (value != null) {
				present.put(name, value);
			}
		});
		this.claims = Collections.unmodifiableMap(present);
		this.userId = requiredString(claims, "sub");
		this.sessionId = requiredString(claims, "sid");
		Instant exp = instant(claims, "exp");
		if (exp == null) {
			throw new ClerkTokenException(TokenRejectionReason.MISSING_CLAIM, "The token has no exp claim");
		}
		this.expiresAt = exp;
		this.issuedAt = instant(claims, "iat");
		this.notBefore = instant(claims, "nbf");
		this.authorizedParty = nonNullString(claims, "azp");
		this.issuer = nonNullString(claims, "iss");
		this.sessionStatus = nonNullString(claims, "sts");
		this.tokenId = nonNullString(claims, "jti");
		this.version = version(claims);
		this.audience = audience(claims);
		this.features = commaList(string(claims, "fea"));
		this.plan = string(claims, "pla");
		this.organization = (this.version == 2) ? organizationV2(claims, this.features) : organizationV1(claims);
		this.factorVerificationAge = factorVerificationAge(claims);
		this.actor = actor(claims);
	}

	/**
	 * Reads the claims of a session token. Only the shape is checked here (required
	 * claims present, types right); signature, times, issuer and parties are checked by
	 * the verifier.
	 * <p>
	 * A claim present as JSON {@code null} has the wrong type when it is a registered
	 * claim ({@code sub}, {@code exp}, {@code nbf}, {@code iat}, {@code iss},
	 * {@code aud}, {@code jti}) or one of Clerk's that a rule reads ({@code sid},
	 * {@code azp}, {@code sts}, {@code v}), as for {@code @clerk/backend}. The
	 * informational claims ({@code org_*}, {@code o}, {@code act}, {@code fva},
	 * {@code fea}, {@code pla}) take {@code null} as absent. A time ({@code exp},
	 * {@code nbf}, {@code iat}) is a number of seconds, fractions dropped, at most
	 * {@link NimbusClerkTokenVerifier#MAX_EPOCH_SECONDS} from the epoch either way.
	 * @param claims the claims as JSON values: strings, numbers (times in epoch seconds),
	 * lists and maps
	 * @return the typed claims
	 * @throws ClerkTokenException with {@link TokenRejectionReason#MISSING_CLAIM} when
	 * {@code sub}, {@code sid} or {@code exp} is missing, or
	 * {@link TokenRejectionReason#MALFORMED} when a claim has the wrong type or a time is
	 * out of range
	 */
	public static ClerkSessionClaims fromClaims(Map<String, ?> claims) {
		return new ClerkSessionClaims(new LinkedHashMap<>(claims));
	}

	/**
	 * The Clerk user id ({@code sub}).
	 * @return the user id ({@code user_…})
	 */
	public String userId() {
		return this.userId;
	}

	/**
	 * The Clerk session id ({@code sid}).
	 * @return the session id ({@code sess_…})
	 */
	public String sessionId() {
		return this.sessionId;
	}

	/**
	 * The origin the token was issued to ({@code azp}).
	 * @return the authorized party, if present
	 */
	public Optional<String> authorizedParty() {
		return Optional.ofNullable(this.authorizedParty);
	}

	/**
	 * The issuer ({@code iss}): the instance's Frontend API URL.
	 * @return the issuer, if present
	 */
	public Optional<String> issuer() {
		return Optional.ofNullable(this.issuer);
	}

	/**
	 * When the token expires ({@code exp}).
	 * @return the expiry
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * When the token was issued ({@code iat}).
	 * @return the issue time, if present
	 */
	public Optional<Instant> issuedAt() {
		return Optional.ofNullable(this.issuedAt);
	}

	/**
	 * When the token becomes valid ({@code nbf}).
	 * @return the time, if present
	 */
	public Optional<Instant> notBefore() {
		return Optional.ofNullable(this.notBefore);
	}

	/**
	 * The session status ({@code sts}): {@code active} or {@code pending}.
	 * @return the status, if the instance sends it
	 */
	public Optional<String> sessionStatus() {
		return Optional.ofNullable(this.sessionStatus);
	}

	/**
	 * Whether the session is pending: the user has session tasks left, such as choosing
	 * an organization.
	 * @return {@code true} for {@code sts=pending}
	 */
	public boolean isPending() {
		return "pending".equals(this.sessionStatus);
	}

	/**
	 * The token version ({@code v}): 1 when absent, 2 for Clerk's v2 session tokens.
	 * @return the version
	 */
	public int version() {
		return this.version;
	}

	/**
	 * The audiences ({@code aud}).
	 * @return the audiences, empty when the token has none
	 */
	public List<String> audience() {
		return this.audience;
	}

	/**
	 * The token id ({@code jti}).
	 * @return the id, if present
	 */
	public Optional<String> tokenId() {
		return Optional.ofNullable(this.tokenId);
	}

	/**
	 * The active organization of the session.
	 * @return the organization, or empty when the session has no active organization
	 */
	public Optional<ClerkOrganizationClaims> organization() {
		return Optional.ofNullable(this.organization);
	}

	/**
	 * How long ago the user verified a first and a second factor ({@code fva}).
	 * @return the ages, if the instance sends them
	 */
	public Optional<FactorVerificationAge> factorVerificationAge() {
		return Optional.ofNullable(this.factorVerificationAge);
	}

	/**
	 * Who acts on behalf of the user ({@code act}), as in impersonation.
	 * @return the actor, or empty when the user acts for themselves
	 */
	public Optional<ClerkActor> actor() {
		return Optional.ofNullable(this.actor);
	}

	/**
	 * Whether someone acts on behalf of the user.
	 * @return {@code true} when the token has an {@code act} claim
	 */
	public boolean isImpersonated() {
		return this.actor != null;
	}

	/**
	 * The billing plan ({@code pla}), for example {@code u:free} or {@code o:pro}.
	 * @return the plan, if any
	 */
	public Optional<String> plan() {
		return Optional.ofNullable(this.plan);
	}

	/**
	 * The billing features ({@code fea}), for example {@code o:dashboard} or
	 * {@code u:export}.
	 * @return the features, each with its scope prefix
	 */
	public List<String> features() {
		return this.features;
	}

	/**
	 * Whether the session has a feature.
	 * @param feature the feature, with its scope (for example {@code o:dashboard}) or
	 * without (any scope)
	 * @return {@code true} when it is among the features
	 */
	public boolean hasFeature(String feature) {
		if (feature.contains(":")) {
			return this.features.contains(feature);
		}
		return this.features.stream().anyMatch((candidate) -> candidate.endsWith(":" + feature));
	}

	/**
	 * Every claim of the token, for custom claims added in the Clerk dashboard.
	 * @return the claims, unmodifiable, without those that are JSON {@code null}
	 */
	public Map<String, Object> claims() {
		return this.claims;
	}

	/**
	 * A claim by name.
	 * @param name the claim name
	 * @return the value, if present
	 */
	public Optional<Object> claim(String name) {
		return Optional.ofNullable(this.claims.get(name));
	}

	/**
	 * Claims are equal when they were read from equal claims: everything else they hold
	 * is derived from those.
	 * @param other the object to compare with
	 * @return whether {@code other} holds the same claims
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof ClerkSessionClaims that && this.claims.equals(that.claims));
	}

	@Override
	public int hashCode() {
		return this.claims.hashCode();
	}

	@Override
	public String toString() {
		return "ClerkSessionClaims[userId=" + this.userId + ", sessionId=" + this.sessionId + ", organization="
				+ ((this.organization != null) ? this.organization.id() : null) + ", expiresAt=" + this.expiresAt + "]";
	}

	// ---------------------------------------------------------------- parsing

	private static @Nullable ClerkOrganizationClaims organizationV1(Map<String, Object> claims) {
		String id = string(claims, "org_id");
		if (id == null || id.isBlank()) {
			return null;
		}
		List<String> permissions = stringList(claims.get("org_permissions"), "org_permissions");
		if (permissions.stream().anyMatch(String::isBlank)) {
			// As a v2 token's empty permission name: no permission is blank.
			throw malformed("org_permissions", "a list of permission names");
		}
		return new ClerkOrganizationClaims(id, string(claims, "org_slug"), string(claims, "org_role"), permissions);
	}

	/**
	 * Reads the v2 {@code o} claim. {@code o.fpm} holds one bitmask per organization
	 * feature of {@code fea} (in order); bit i (least significant first) of a mask grants
	 * the i-th permission of {@code o.per}, as in Clerk's documented example:
	 * {@code fea=o:dashboard,o:teams}, {@code per=manage,read}, {@code fpm=3,2} grant
	 * {@code org:dashboard:manage}, {@code org:dashboard:read} and
	 * {@code org:teams:read}.
	 */
	private static @Nullable ClerkOrganizationClaims organizationV2(Map<String, Object> claims, List<String> features) {
		Object value = claims.get("o");
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> o)) {
			throw malformed("o", "an object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> org = (Map<String, Object>) o;
		String id = string(org, "o.id", "id");
		if (id == null || id.isBlank()) {
			return null;
		}
		// Each entry keeps its place, as in Clerk's parser: bit i of a mask is the i-th
		// permission, mask f the f-th feature. An empty entry is refused, never skipped,
		// which would move every later one up a place.
		List<String> permissionNames = positionalList(string(org, "o.per", "per"));
		if (permissionNames.contains("")) {
			throw malformed("o.per", "a comma-separated list of permission names");
		}
		List<String> masks = positionalList(string(org, "o.fpm", "fpm"));
		// Every mask, also one past the features: the claim is refused as a whole.
		// A decimal of any size, as Clerk's own parser reads it.
		if (!masks.stream().allMatch((mask) -> DECIMAL.matcher(mask).matches())) {
			throw malformed("o.fpm", "a comma-separated list of non-negative integers");
		}
		List<String> orgFeatures = new ArrayList<>();
		for (String feature : features) {
			int colon = feature.indexOf(':');
			if (colon > 0 && feature.substring(0, colon).contains("o")) {
				orgFeatures.add(feature.substring(colon + 1));
			}
		}
		List<String> permissions = new ArrayList<>();
		for (int f = 0; f < orgFeatures.size() && f < masks.size(); f++) {
			BigInteger mask = new BigInteger(masks.get(f));
			for (int p = 0; p < permissionNames.size(); p++) {
				if (mask.testBit(p)) {
					permissions.add(ClerkOrganizationClaims.PREFIX + orgFeatures.get(f) + ":" + permissionNames.get(p));
				}
			}
		}
		return new ClerkOrganizationClaims(id, string(org, "o.slg", "slg"), string(org, "o.rol", "rol"), permissions);
	}

	private static @Nullable FactorVerificationAge factorVerificationAge(Map<String, Object> claims) {
		Object value = claims.get("fva");
		if (value == null) {
			return null;
		}
		Integer first = (value instanceof List<?> list && list.size() == 2) ? wholeNumber(list.get(0)) : null;
		Integer second = (value instanceof List<?> list && list.size() == 2) ? wholeNumber(list.get(1)) : null;
		if (first == null || second == null) {
			throw malformed("fva", "a list of two whole numbers of minutes");
		}
		return new FactorVerificationAge(first, second);
	}

	private static @Nullable ClerkActor actor(Map<String, Object> claims) {
		Object value = claims.get("act");
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> act)) {
			throw malformed("act", "an object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> actor = (Map<String, Object>) act;
		return new ClerkActor(string(actor, "act.sub", "sub"), string(actor, "act.sid", "sid"),
				string(actor, "act.iss", "iss"), string(actor, "act.type", "type"));
	}

	private static int version(Map<String, Object> claims) {
		Object value = claims.get("v");
		if (value == null) {
			if (claims.containsKey("v")) {
				throw malformed("v", "a number");
			}
			return 1;
		}
		if (!(value instanceof Number)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
					"The token version (v) is not a number; versions 1 and 2 are supported");
		}
		Integer version = wholeNumber(value);
		if (version == null || (version != 1 && version != 2)) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED,
					"The token version (v) is " + value + "; versions 1 and 2 are supported");
		}
		return version;
	}

	/**
	 * A JSON number that is a whole number within an {@code int}, {@code 2.0} as
	 * {@code 2} (JSON, and Clerk's JavaScript, do not tell them apart); {@code null} for
	 * anything else, never a fraction or a larger number cut down to an {@code int}.
	 */
	private static @Nullable Integer wholeNumber(@Nullable Object value) {
		if (!(value instanceof Number number)) {
			return null;
		}
		try {
			BigDecimal decimal = (number instanceof BigDecimal exact) ? exact : new BigDecimal(number.toString());
			return decimal.intValueExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return null;
		}
	}

	private static List<String> audience(Map<String, Object> claims) {
		Object value = claims.get("aud");
		if (value == null) {
			if (claims.containsKey("aud")) {
				throw malformed("aud", "a string or a list of strings");
			}
			return List.of();
		}
		if (value instanceof String single) {
			return List.of(single);
		}
		return stringList(value, "aud");
	}

	private static String requiredString(Map<String, Object> claims, String name) {
		String value = nonNullString(claims, name);
		if (value == null || value.isBlank()) {
			throw new ClerkTokenException(TokenRejectionReason.MISSING_CLAIM, "The token has no " + name + " claim");
		}
		return value;
	}

	/**
	 * A string claim that may be absent but not {@code null}.
	 */
	private static @Nullable String nonNullString(Map<String, Object> claims, String name) {
		if (claims.containsKey(name) && claims.get(name) == null) {
			throw malformed(name, "a string");
		}
		return string(claims, name);
	}

	/**
	 * A string claim, {@code null} taken as absent.
	 */
	private static @Nullable String string(Map<String, Object> claims, String name) {
		return string(claims, name, name);
	}

	/**
	 * A string claim of an object claim, {@code null} taken as absent, named by its path
	 * ({@code act.sub}) when it is refused.
	 */
	private static @Nullable String string(Map<String, Object> claims, String path, String name) {
		Object value = claims.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String string)) {
			throw malformed(path, "a string");
		}
		return string;
	}

	static @Nullable Instant instant(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value == null) {
			if (claims.containsKey(name)) {
				throw malformed(name, "a number of seconds");
			}
			return null;
		}
		if (value instanceof Number number) {
			return epochSeconds(number, name);
		}
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof Instant instant) {
			return instant;
		}
		throw malformed(name, "a number of seconds");
	}

	/**
	 * A number of seconds as an instant, fractions dropped (toward zero, as
	 * {@code @clerk/backend} does); beyond
	 * {@link NimbusClerkTokenVerifier#MAX_EPOCH_SECONDS} either way, or not finite, it is
	 * no date at all and the token is malformed, never an overflow.
	 */
	private static Instant epochSeconds(Number number, String name) {
		BigDecimal seconds;
		try {
			seconds = (number instanceof BigDecimal decimal) ? decimal : new BigDecimal(number.toString());
		}
		catch (NumberFormatException ex) {
			throw malformed(name, "a finite number of seconds");
		}
		BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
		if (whole.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
			throw new ClerkTokenException(TokenRejectionReason.MALFORMED, "The " + name + " claim is " + number
					+ " seconds, beyond any date (at most " + MAX_EPOCH_SECONDS + " from the epoch either way)");
		}
		return Instant.ofEpochSecond(whole.longValueExact());
	}

	static List<String> stringList(@Nullable Object value, String name) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw malformed(name, "a list of strings");
		}
		List<String> strings = new ArrayList<>(list.size());
		for (Object item : list) {
			if (!(item instanceof String string)) {
				throw malformed(name, "a list of strings");
			}
			strings.add(string);
		}
		return List.copyOf(strings);
	}

	private static List<String> commaList(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		List<String> items = new ArrayList<>();
		for (String item : value.split(",")) {
			String trimmed = item.trim();
			if (!trimmed.isEmpty()) {
				items.add(trimmed);
			}
		}
		return List.copyOf(items);
	}

	/**
	 * A comma-separated list whose entries keep their places: each trimmed, an empty one
	 * kept as {@code ""}. Blank is the empty list.
	 */
	private static List<String> positionalList(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
	}

	private static ClerkTokenException malformed(String claim, String expected) {
		return new ClerkTokenException(TokenRejectionReason.MALFORMED,
				"The " + claim.toLowerCase(Locale.ROOT) + " claim is not " + expected);
	}

}
