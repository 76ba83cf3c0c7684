package dev.clerkusers.security;

import java.util.Optional;

import dev.clerkusers.token.ClerkOrganizationClaims;

/**
 * The users' organization memberships as the application stores them now. A Clerk sign-in
 * kept in the HTTP session ({@code clerk.session.mode=session}) reads its organization
 * here once the token it was kept from has expired, since a token's organization claims
 * are Clerk's word for the token's lifetime only: a member removed or demoted, or an
 * organization deleted, then loses the role with the webhook that brought the change, not
 * at the end of the revalidation interval. An organization selected by the
 * {@code X-Organization-Id} header is read here on every request that selects one,
 * stateless or not: keep it fast (the organizations module's reads a cache). The
 * organizations module implements it from its memberships table; without an
 * implementation a kept sign-in keeps the organization its token or header gave it.
 *
 * @see ClerkSessionSecurityContextRepository
 */
@FunctionalInterface
public interface ClerkOrganizationMemberships {

	/**
	 * A user's current membership of an organization.
	 * @param organizationId the organization's Clerk id
	 * @param userId the user's Clerk id
	 * @return the organization with the membership's role and permissions as stored now,
	 * or empty when the user is no current member (never added, removed, or the
	 * organization deleted)
	 */
	Optional<ClerkOrganizationClaims> find(String organizationId, String userId);

}
