package dev.clerkusers.security;

import java.io.Serial;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.token.ClerkTokenType;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authentication of a request made with a verified Clerk machine token (an API key,
 * an M2M token or an OAuth access token). The principal is the {@link ClerkMachineToken},
 * not a user: {@code @CurrentClerkUser} does not resolve for it (unless asked to, for an
 * API key of a user), and {@code @CurrentClerkMachine} does. The authorities are
 * {@code SCOPE_<scope>} for each scope, as Spring Security's resource server maps them,
 * plus what the {@link ClerkAuthoritiesMapper} adds. The raw token is not kept.
 */
public class ClerkMachineAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final ClerkMachineToken machine;

	private final Instant verifiedAt;

	/**
	 * Creates an authenticated token.
	 * @param machine the verified machine token
	 * @param authorities the authorities
	 * @param verifiedAt when the token was verified
	 */
	public ClerkMachineAuthenticationToken(ClerkMachineToken machine,
			Collection<? extends GrantedAuthority> authorities, Instant verifiedAt) {
		super(authorities);
		this.machine = machine;
		this.verifiedAt = verifiedAt;
		setAuthenticated(true);
	}

	/**
	 * The verified machine token.
	 * @return the machine token
	 */
	@Override
	public ClerkMachineToken getPrincipal() {
		return this.machine;
	}

	/**
	 * No credentials are kept: the raw token is never stored.
	 * @return {@code null}
	 */
	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	/**
	 * The subject of the token: a user, organization or machine id.
	 * @return the subject
	 */
	@Override
	public String getName() {
		return this.machine.subject();
	}

	/**
	 * The verified machine token.
	 * @return the machine token
	 */
	public ClerkMachineToken getMachine() {
		return this.machine;
	}

	/**
	 * The token's type.
	 * @return an API key, M2M or OAuth token
	 */
	public ClerkTokenType getTokenType() {
		return this.machine.type();
	}

	/**
	 * When the token was verified (or its verification taken from the cache).
	 * @return the time
	 */
	public Instant getVerifiedAt() {
		return this.verifiedAt;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof ClerkMachineAuthenticationToken that) || !super.equals(other)) {
			return false;
		}
		return this.machine.id().equals(that.machine.id()) && this.verifiedAt.equals(that.verifiedAt);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.machine.id(), this.verifiedAt);
	}

}
