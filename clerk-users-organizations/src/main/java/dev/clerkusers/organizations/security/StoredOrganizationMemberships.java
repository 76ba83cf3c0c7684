package dev.clerkusers.organizations.security;

import java.util.Optional;

import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.security.ClerkOrganizationMemberships;
import dev.clerkusers.token.ClerkOrganizationClaims;

/**
 * The memberships of the organizations module's tables, read through its cache: a user's
 * current membership of an organization (not removed, in an organization not deleted),
 * with its role and permissions as stored. What a request selecting an organization by
 * header acts in, and what a Clerk sign-in kept in the HTTP session acts in once its
 * token has expired.
 */
public class StoredOrganizationMemberships implements ClerkOrganizationMemberships {

	private final OrganizationService organizations;

	/**
	 * Creates the memberships.
	 * @param organizations the organization service
	 */
	public StoredOrganizationMemberships(OrganizationService organizations) {
		this.organizations = organizations;
	}

	@Override
	public Optional<ClerkOrganizationClaims> find(String organizationId, String userId) {
		return this.organizations.findActiveMembershipCached(organizationId, userId)
			.map(StoredOrganizationMemberships::claims);
	}

	private static ClerkOrganizationClaims claims(OrganizationMembership membership) {
		return new ClerkOrganizationClaims(membership.getOrganization().getClerkId(),
				membership.getOrganization().getSlug(), membership.getRole(), membership.getPermissions());
	}

}
