package dev.clerkusers.organizations;

import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.organizations.api.PublicUserDataResource;

/**
 * The Clerk ids that membership data must name: its own, its organization's and its
 * user's.
 *
 * @param membershipId the membership's Clerk id
 * @param organizationId the organization's Clerk id
 * @param userId the user's Clerk id
 */
record MemberIds(String membershipId, String organizationId, String userId) {

	/**
	 * Reads the ids of membership data.
	 * @param data the membership
	 * @return its ids
	 * @throws MalformedClerkDataException when one is missing or longer than its column
	 */
	static MemberIds of(OrganizationMembershipResource data) {
		String membershipId = OrganizationConstraints.clerkId("membership id", data.id());
		OrganizationResource organization = data.organization();
		String organizationId = OrganizationConstraints.clerkId("membership " + membershipId + "'s organization id",
				(organization != null) ? organization.id() : null);
		PublicUserDataResource user = data.publicUserData();
		String userId = OrganizationConstraints.clerkId("membership " + membershipId + "'s public_user_data.user_id",
				(user != null) ? user.userId() : null);
		return new MemberIds(membershipId, organizationId, userId);
	}

	/**
	 * The key of the membership's lock and of the pair it is unique for.
	 * @return the organization's and the user's ids
	 */
	String key() {
		return key(this.organizationId, this.userId);
	}

	/**
	 * The key of a user's membership in an organization.
	 * @param organizationId the organization's Clerk id
	 * @param userId the user's Clerk id
	 * @return the key
	 */
	static String key(String organizationId, String userId) {
		return organizationId + "|" + userId;
	}

}
