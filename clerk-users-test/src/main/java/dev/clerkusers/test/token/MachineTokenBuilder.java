package dev.clerkusers.test.token;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
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
 * Builds a real, signed JWT-format Clerk machine token, shaped as Clerk's (and
 * {@code @clerk/backend}'s fixtures):
 * <ul>
 * <li>an M2M JWT ({@link ClerkTestTokens#m2mToken(String)}): header {@code typ: JWT} and
 * {@code cat: cl_B7d4PD333AAA}, {@code sub} the sending machine ({@code mch_…}),
 * {@code jti} {@code mt_…}, the machines it may call in {@code scopes} (space-separated)
 * and {@code aud};</li>
 * <li>an OAuth access-token JWT ({@link ClerkTestTokens#oauthToken(String)}): header
 * {@code typ: at+jwt}, {@code sub} the user, {@code client_id}, {@code jti}
 * {@code oat_…}, and the scopes in {@code scope} (space-separated).</li>
 * </ul>
 * Both are issued now and live an hour unless told otherwise.
 */
public final class MachineTokenBuilder {

	/** Clerk's {@code cat} header value of M2M JWTs. */
	public static final String M2M_CATEGORY = "cl_B7d4PD333AAA";

	private final RSAKey key;

	private final boolean oauth;

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private final Map<String, Object> headers = new LinkedHashMap<>();

	private final Set<String> omittedHeaders = new HashSet<>();

	private final Set<String> omittedClaims = new HashSet<>();

	private String type;

	private Instant issuedAt = Instant.now();

	private Duration lifetime = Duration.ofHours(1);

	private @Nullable RSAKey signingKey;

	MachineTokenBuilder(RSAKey key, boolean oauth, String subject, String issuer) {
		this.key = key;
		this.oauth = oauth;
		this.type = oauth ? "at+jwt" : JOSEObjectType.JWT.getType();
		this.claims.put("iss", issuer);
		this.claims.put("sub", subject);
		this.claims.put("jti", (oauth ? "oat_" : "mt_") + UUID.randomUUID().toString().replace("-", ""));
		if (oauth) {
			this.claims.put("client_id", "client_test");
		}
		else {
			this.headers.put("cat", M2M_CATEGORY);
		}
	}

	/**
	 * Sets the scopes: for an M2M token the machines it may call ({@code scopes} and
	 * {@code aud}: with {@code clerk.audiences} set, an application accepts it only when
	 * one of them is among the audiences), for an OAuth token its {@code scope}. Each is
	 * a scope as Clerk issues them, neither empty nor holding whitespace, as the library
	 * requires; write a malformed claim with {@link #claim(String, Object)}.
	 * @param scopes the scopes
	 * @return this builder
	 * @throws IllegalArgumentException when a scope is empty or holds whitespace
	 */
	public MachineTokenBuilder scopes(String... scopes) {
		requireElements(scopes, "scopes");
		for (String scope : scopes) {
			if (!isScope(scope)) {
				throw new IllegalArgumentException("'" + scope + "' is refused as a scope: the library refuses a token"
						+ " with a scope that is empty or holds whitespace; write such a claim with claim(name, value)");
			}
		}
		String joined = String.join(" ", scopes);
		if (this.oauth) {
			return claim("scope", joined);
		}
		claim("aud", List.of(scopes));
		return claim("scopes", joined);
	}

	/**
	 * Sets the audience ({@code aud}): the resource servers an OAuth token is for, or
	 * what an M2M JWT's sender wrote there (which {@link #scopes(String...)} sets too).
	 * An application with {@code clerk.audiences} accepts an OAuth token only when it
	 * names one of them, and an M2M JWT that names any audience too.
	 * @param audience the {@code aud} values
	 * @return this builder
	 */
	public MachineTokenBuilder audience(String... audience) {
		requireElements(audience, "audience");
		return claim("aud", (audience.length == 1) ? audience[0] : List.of(audience));
	}

	/**
	 * Sets an OAuth token's client id.
	 * @param clientId the {@code client_id}
	 * @return this builder
	 */
	public MachineTokenBuilder clientId(String clientId) {
		Objects.requireNonNull(clientId, "clientId must not be null");
		return claim("client_id", clientId);
	}

	/**
	 * Sets a claim, or removes it. The time claims ({@code iat}, {@code nbf},
	 * {@code exp}), otherwise set from the issue time and the lifetime, are set or left
	 * out this way too. The value is signed as it is set, except that an
	 * {@link java.time.Instant} or {@link java.util.Date} is signed as its number of
	 * seconds.
	 * @param name the claim
	 * @param value the value, or {@code null} to leave it out
	 * @return this builder
	 */
	public MachineTokenBuilder claim(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "name must not be null");
		if (value == null) {
			this.claims.remove(name);
			this.omittedClaims.add(name);
		}
		else {
			this.claims.put(name, value);
			this.omittedClaims.remove(name);
		}
		return this;
	}

	/**
	 * Sets a header parameter, a custom one such as {@code cat} or a registered one such
	 * as {@code kid}, {@code typ}, {@code crit} or {@code jku}, as on session tokens; the
	 * algorithm is always RS256.
	 * @param name the parameter, not {@code alg}
	 * @param value the value, or {@code null} to leave the parameter out, also one the
	 * builder sets by default ({@code kid}, {@code typ}, {@code cat}); under
	 * {@code b64: false} the payload stays base64url-encoded, so that the token is three
	 * segments and reaches the rule that refuses the mark
	 * @return this builder
	 * @throws IllegalArgumentException for {@code alg}
	 */
	public MachineTokenBuilder header(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "name must not be null");
		if (name.equals("alg")) {
			throw new IllegalArgumentException("A machine token is signed with RS256; its alg header is not set");
		}
		if (value == null) {
			this.headers.remove(name);
			this.omittedHeaders.add(name);
		}
		else {
			this.headers.put(name, value);
			this.omittedHeaders.remove(name);
		}
		return this;
	}

	/**
	 * Sets the {@code typ} header.
	 * @param type the type, for example {@code at+jwt}
	 * @return this builder
	 */
	public MachineTokenBuilder type(String type) {
		this.type = Objects.requireNonNull(type, "type must not be null");
		return this;
	}

	/**
	 * Sets how long the token lives after it was issued (default an hour).
	 * @param lifetime the lifetime
	 * @return this builder
	 */
	public MachineTokenBuilder lifetime(Duration lifetime) {
		this.lifetime = Objects.requireNonNull(lifetime, "lifetime must not be null");
		return this;
	}

	/**
	 * Makes the token expired: issued two hours ago, expired an hour ago.
	 * @return this builder
	 */
	public MachineTokenBuilder expired() {
		this.issuedAt = Instant.now().minus(Duration.ofHours(2));
		this.lifetime = Duration.ofHours(1);
		return this;
	}

	/**
	 * Signs with another instance's key (keeping this instance's {@code kid}), for tokens
	 * the instance did not sign.
	 * @param other the other instance's tokens
	 * @return this builder
	 */
	public MachineTokenBuilder signedBy(ClerkTestTokens other) {
		this.signingKey = Objects.requireNonNull(other, "other must not be null").privateJwk();
		return this;
	}

	/**
	 * Refuses a {@code null} array of values, or a {@code null} among them, naming it.
	 */
	private static void requireElements(String[] values, String name) {
		Objects.requireNonNull(values, name + " must not be null");
		for (int i = 0; i < values.length; i++) {
			Objects.requireNonNull(values[i], name + "[" + i + "] must not be null");
		}
	}

	/**
	 * Signs the token.
	 * @return the compact JWT
	 */
	public String sign() {
		try {
			// Registered parameters (crit, jku…) and custom ones (cat) alike.
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("alg", JWSAlgorithm.RS256.getName());
			fields.put("typ", this.type);
			fields.put("kid", this.key.getKeyID());
			fields.putAll(this.headers);
			fields.keySet().removeAll(this.omittedHeaders);
			// The times from issuedAt and the lifetime, unless set or left out by
			// claim().
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("iat", this.issuedAt.getEpochSecond());
			claims.put("nbf", this.issuedAt.getEpochSecond());
			claims.put("exp", this.issuedAt.plus(this.lifetime).getEpochSecond());
			claims.keySet().removeAll(this.omittedClaims);
			claims.putAll(this.claims);
			return CompactTokens.sign(fields, claims, (this.signingKey != null) ? this.signingKey : this.key);
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
	 * The library's rule for a scope ({@code MachineTokenResource.isScope}), kept here so
	 * that the kit's stand-ins need nothing of the library: not empty, no whitespace.
	 */
	private static boolean isScope(String value) {
		return !value.isEmpty()
				&& value.codePoints().noneMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c));
	}

}
