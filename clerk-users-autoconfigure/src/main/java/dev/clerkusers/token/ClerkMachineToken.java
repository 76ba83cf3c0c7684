package dev.clerkusers.token;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A verified Clerk machine token: an API key, an M2M token or an OAuth access token. It
 * is the principal of a machine request, not a user: its {@linkplain #subject() subject}
 * is a user ({@code user_…}), an organization ({@code org_…}) or a machine
 * ({@code mch_…}) for an API key, the sending machine for an M2M token, and the user who
 * granted access for an OAuth token. The raw token is not kept.
 */
public final class ClerkMachineToken implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final ClerkTokenType type;

	private final String id;

	private final String subject;

	private final List<String> scopes;

	private final Map<String, @Nullable Object> claims;

	private final @Nullable String name;

	private final @Nullable String clientId;

	private final List<String> audiences;

	private final @Nullable Instant expiresAt;

	private final boolean jwt;

	private ClerkMachineToken(Builder builder) {
		this.type = builder.type;
		this.id = builder.id;
		this.subject = builder.subject;
		this.scopes = List.copyOf(builder.scopes);
		this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.claims));
		this.name = builder.name;
		this.clientId = builder.clientId;
		this.audiences = List.copyOf(builder.audiences);
		this.expiresAt = builder.expiresAt;
		this.jwt = builder.jwt;
	}

	/**
	 * Starts a machine token.
	 * @param type its type, a machine type
	 * @param id the key or token id ({@code ak_…}, {@code mt_…}, {@code oat_…}), empty
	 * when a JWT has no {@code jti}
	 * @param subject the subject
	 * @return a builder
	 * @throws IllegalArgumentException when the type is
	 * {@link ClerkTokenType#SESSION_TOKEN}
	 */
	public static Builder builder(ClerkTokenType type, String id, String subject) {
		if (!type.isMachine()) {
			throw new IllegalArgumentException("A machine token cannot be of type " + type.value());
		}
		return new Builder(type, id, subject);
	}

	/**
	 * The token's type.
	 * @return {@link ClerkTokenType#API_KEY}, {@link ClerkTokenType#M2M_TOKEN} or
	 * {@link ClerkTokenType#OAUTH_TOKEN}
	 */
	public ClerkTokenType type() {
		return this.type;
	}

	/**
	 * The key or token id, as Clerk's Backend API names it (not the secret).
	 * @return for example {@code ak_…}; empty for a JWT without {@code jti}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The subject: a user, organization or machine id.
	 * @return the subject
	 */
	public String subject() {
		return this.subject;
	}

	/**
	 * The scopes: an API key's or OAuth token's scopes, or the machines an M2M token may
	 * call. An M2M JWT's are its {@code scopes} or {@code aud} claim, which its sender
	 * wrote and Clerk did not check: authorize an M2M JWT by its subject instead.
	 * @return the scopes, possibly empty
	 */
	public List<String> scopes() {
		return this.scopes;
	}

	/**
	 * The custom claims: the {@code claims} of an opaque token's answer (an API key's, an
	 * M2M token's), or an M2M JWT's claims other than {@code iss}, {@code sub},
	 * {@code exp}, {@code nbf}, {@code iat} and {@code jti}. Empty for an OAuth JWT,
	 * whose claims are read into the scopes, client id and audiences.
	 * @return the claims, possibly empty
	 */
	public Map<String, @Nullable Object> claims() {
		return this.claims;
	}

	/**
	 * The name of an API key.
	 * @return the name, or empty for other types
	 */
	public Optional<String> name() {
		return Optional.ofNullable(this.name);
	}

	/**
	 * The OAuth application of an OAuth token.
	 * @return the client id, or empty for other types
	 */
	public Optional<String> clientId() {
		return Optional.ofNullable(this.clientId);
	}

	/**
	 * The audiences (its {@code aud}) of an OAuth token, the resource servers it was
	 * issued for, or of an M2M JWT, which its sender wrote. Empty when it names none, and
	 * for the other types.
	 * @return the audiences
	 */
	public List<String> audiences() {
		return this.audiences;
	}

	/**
	 * When the token expires.
	 * @return the expiry, or empty for a token that does not expire
	 */
	public Optional<Instant> expiresAt() {
		return Optional.ofNullable(this.expiresAt);
	}

	/**
	 * Whether the token is a JWT, verified locally; a JWT cannot be revoked, an opaque
	 * token is verified by Clerk's Backend API and can be.
	 * @return {@code true} for a JWT
	 */
	public boolean isJwt() {
		return this.jwt;
	}

	/**
	 * The user of the token: an API key's subject when it is a user, or the user of an
	 * OAuth token.
	 * @return the user id, if any
	 */
	public Optional<String> userId() {
		return (this.type != ClerkTokenType.M2M_TOKEN && this.subject.startsWith("user_")) ? Optional.of(this.subject)
				: Optional.empty();
	}

	/**
	 * The organization of an API key scoped to an organization.
	 * @return the organization id, if any
	 */
	public Optional<String> organizationId() {
		return (this.type == ClerkTokenType.API_KEY && this.subject.startsWith("org_")) ? Optional.of(this.subject)
				: Optional.empty();
	}

	/**
	 * The machine of an M2M token (its sender), or of an API key scoped to a machine.
	 * @return the machine id, if any
	 */
	public Optional<String> machineId() {
		return this.subject.startsWith(ClerkTokenType.MACHINE_SUBJECT_PREFIX) ? Optional.of(this.subject)
				: Optional.empty();
	}

	@Override
	public String toString() {
		return "ClerkMachineToken[type=" + this.type.value() + ", id=" + this.id + ", subject=" + this.subject
				+ ", scopes=" + this.scopes + "]";
	}

	/**
	 * Builds a {@link ClerkMachineToken}.
	 */
	public static final class Builder {

		private final ClerkTokenType type;

		private final String id;

		private final String subject;

		private List<String> scopes = List.of();

		private Map<String, @Nullable Object> claims = Map.of();

		private @Nullable String name;

		private @Nullable String clientId;

		private List<String> audiences = List.of();

		private @Nullable Instant expiresAt;

		private boolean jwt;

		private Builder(ClerkTokenType type, String id, String subject) {
			this.type = type;
			this.id = id;
			this.subject = subject;
		}

		/**
		 * Sets the scopes.
		 * @param scopes the scopes
		 * @return this builder
		 */
		public Builder scopes(List<String> scopes) {
			this.scopes = scopes;
			return this;
		}

		/**
		 * Sets the custom claims.
		 * @param claims the claims
		 * @return this builder
		 */
		public Builder claims(Map<String, @Nullable Object> claims) {
			this.claims = claims;
			return this;
		}

		/**
		 * Sets an API key's name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		/**
		 * Sets an OAuth token's client id.
		 * @param clientId the client id
		 * @return this builder
		 */
		public Builder clientId(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		/**
		 * Sets the audiences of an OAuth token or an M2M JWT.
		 * @param audiences the audiences ({@code aud})
		 * @return this builder
		 */
		public Builder audiences(List<String> audiences) {
			this.audiences = audiences;
			return this;
		}

		/**
		 * Sets the expiry.
		 * @param expiresAt the expiry, or {@code null} for none
		 * @return this builder
		 */
		public Builder expiresAt(@Nullable Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Marks a JWT, verified locally.
		 * @param jwt whether the token is a JWT
		 * @return this builder
		 */
		public Builder jwt(boolean jwt) {
			this.jwt = jwt;
			return this;
		}

		/**
		 * Builds the token.
		 * @return the token
		 */
		public ClerkMachineToken build() {
			return new ClerkMachineToken(this);
		}

	}

}
