package dev.clerkusers.security;

import java.io.Serial;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authentication of a request made with a verified Clerk session token. The principal
 * is the local {@link ClerkUser} when the application has the users table, and the
 * token's {@link ClerkSessionClaims} otherwise; the claims and the active organization
 * come with it either way. The raw token is not kept.
 */
public class ClerkAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable ClerkUser user;

	private final ClerkSessionClaims claims;

	private final @Nullable ClerkOrganizationClaims organization;

	private final Instant verifiedAt;

	/**
	 * Whether the organization was read again from the stored memberships, for a sign-in
	 * kept in the HTTP session whose token's claims have expired.
	 */
	private final boolean organizationAsStored;

	/**
	 * Creates an authenticated token whose authorities the application's mapper gives
	 * this user, session and organization.
	 * @param user the local user, or {@code null} in an application without the users
	 * table
	 * @param claims the verified claims
	 * @param organization the active organization: the token's, or one selected for the
	 * request
	 * @param authoritiesMapper the application's authorities mapper
	 * @param verifiedAt when the token was verified, or the sign-in last revalidated
	 * @return the token
	 */
	public static ClerkAuthenticationToken of(@Nullable ClerkUser user, ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization, ClerkAuthoritiesMapper authoritiesMapper,
			Instant verifiedAt) {
		return new ClerkAuthenticationToken(user, claims, organization,
				authoritiesMapper.authorities(user, claims, organization), verifiedAt);
	}

	/**
	 * Creates an authenticated token.
	 * @param user the local user, or {@code null} in an application without the users
	 * table
	 * @param claims the verified claims
	 * @param organization the active organization: the token's, or one selected for the
	 * request
	 * @param authorities the authorities
	 * @param verifiedAt when the token was verified, or the sign-in last revalidated
	 */
	public ClerkAuthenticationToken(@Nullable ClerkUser user, ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization, Collection<? extends GrantedAuthority> authorities,
			Instant verifiedAt) {
		this(user, claims, organization, authorities, verifiedAt, false);
	}

	private ClerkAuthenticationToken(@Nullable ClerkUser user, ClerkSessionClaims claims,
			@Nullable ClerkOrganizationClaims organization, Collection<? extends GrantedAuthority> authorities,
			Instant verifiedAt, boolean organizationAsStored) {
		super(authorities);
		this.user = user;
		this.claims = claims;
		this.organization = organization;
		this.verifiedAt = verifiedAt;
		this.organizationAsStored = organizationAsStored;
		setAuthenticated(true);
	}

	/**
	 * This sign-in with the user as stored now, for a sign-in kept in the HTTP session
	 * that still holds: the same claims, organization, authorities, time and details.
	 */
	ClerkAuthenticationToken withUser(ClerkUser current) {
		ClerkAuthenticationToken token = new ClerkAuthenticationToken(current, this.claims, this.organization,
				getAuthorities(), this.verifiedAt, this.organizationAsStored);
		token.setDetails(getDetails());
		return token;
	}

	/**
	 * This sign-in acting in an organization as stored now, for a sign-in kept in the
	 * HTTP session whose token's claims have expired: the same user, claims, time and
	 * details, the authorities mapped again.
	 */
	ClerkAuthenticationToken withOrganization(@Nullable ClerkOrganizationClaims current,
			ClerkAuthoritiesMapper authoritiesMapper) {
		ClerkAuthenticationToken token = new ClerkAuthenticationToken(this.user, this.claims, current,
				authoritiesMapper.authorities(this.user, this.claims, current), this.verifiedAt,
				this.claims.organization().isPresent());
		token.setDetails(getDetails());
		return token;
	}

	/**
	 * The local user when the application has the users table, else the claims.
	 * @return the principal
	 */
	@Override
	public Object getPrincipal() {
		return (this.user != null) ? this.user : this.claims;
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
	 * The Clerk user id.
	 * @return the {@code sub} of the token
	 */
	@Override
	public String getName() {
		return this.claims.userId();
	}

	/**
	 * The local user.
	 * @return the user, or empty in an application without the users table
	 */
	public Optional<ClerkUser> getUser() {
		return Optional.ofNullable(this.user);
	}

	/**
	 * The verified claims of the token.
	 * @return the claims
	 */
	public ClerkSessionClaims getClaims() {
		return this.claims;
	}

	/**
	 * The Clerk session id.
	 * @return the {@code sid} of the token
	 */
	public String getSessionId() {
		return this.claims.sessionId();
	}

	/**
	 * The active organization of the request.
	 * @return the organization, or empty when there is none
	 */
	public Optional<ClerkOrganizationClaims> getOrganization() {
		return Optional.ofNullable(this.organization);
	}

	/**
	 * Whether the active organization is the token's own: {@code false} when the token
	 * has none and the {@code X-Organization-Id} header selected one among the user's
	 * stored memberships, and for a sign-in kept in the HTTP session (session mode) whose
	 * token has expired, which acts in the token's organization as the user's membership
	 * is stored now (its role and permissions).
	 * @return whether the organization's role and permissions are the token's claims
	 */
	public boolean isOrganizationFromToken() {
		return this.organization != null && this.claims.organization().isPresent() && !this.organizationAsStored;
	}

	/**
	 * When the token was verified, or the sign-in kept in the HTTP session last
	 * revalidated.
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
		if (!(other instanceof ClerkAuthenticationToken that) || !super.equals(other)) {
			return false;
		}
		return this.claims.sessionId().equals(that.claims.sessionId())
				&& Objects.equals(this.organization, that.organization) && this.verifiedAt.equals(that.verifiedAt)
				&& this.organizationAsStored == that.organizationAsStored;
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.claims.sessionId(), this.verifiedAt);
	}

}
