package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.clerkusers.mirror.ReadOnlyRepository;

import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link OrganizationMembership}s. Read through it; change
 * memberships through {@link OrganizationSynchronizer}.
 */
public interface OrganizationMembershipRepository extends ReadOnlyRepository<OrganizationMembership, Long> {

	/**
	 * Finds a membership by Clerk id.
	 * @param clerkId the membership id
	 * @return the membership, if any
	 */
	Optional<OrganizationMembership> findByClerkId(String clerkId);

	/**
	 * Finds the membership (current or removed) of a user in an organization.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 * @return the membership, if any
	 */
	Optional<OrganizationMembership> findMembership(@Param("organization") String organizationClerkId,
			@Param("user") String userClerkId);

	/**
	 * Finds memberships by Clerk ids, with their organizations and users.
	 * @param clerkIds the membership ids
	 * @return the memberships found, current or removed, in no particular order
	 */
	List<OrganizationMembership> findByClerkIdIn(@Param("clerkIds") Collection<String> clerkIds);

	/**
	 * Finds the memberships (current or removed) of any of the users in any of the
	 * organizations, with their organizations and users.
	 * @param organizationClerkIds the organizations' Clerk ids
	 * @param userClerkIds the users' Clerk ids
	 * @return the memberships found, in no particular order
	 */
	List<OrganizationMembership> findMemberships(@Param("organizations") Collection<String> organizationClerkIds,
			@Param("users") Collection<String> userClerkIds);

	/**
	 * The memberships of an organization that were not removed (a deleted organization's
	 * included).
	 * @param organization the organization
	 * @return the memberships, oldest first
	 */
	List<OrganizationMembership> findActiveByOrganization(@Param("organization") Organization organization);

	/**
	 * The current memberships of a user, in organizations that are not deleted.
	 * @param userClerkId the user's Clerk id
	 * @return the memberships
	 */
	List<OrganizationMembership> findActiveByUser(@Param("user") String userClerkId);

	/**
	 * The Clerk ids of the current memberships stored before a time, in the current
	 * organizations stored before it, each with its organization's and its user's: what a
	 * sync's reconcile compares with Clerk's listing, without loading the memberships.
	 * @param before the time
	 * @return the ids, in no particular order
	 */
	List<StoredMembershipIds> findActiveIdsCreatedBefore(@Param("before") Instant before);

	/**
	 * How many current members an organization has.
	 * @param organization the organization
	 * @return the count
	 */
	long countActive(@Param("organization") Organization organization);

	/**
	 * The Clerk ids of a stored membership, of its organization and of its user.
	 */
	interface StoredMembershipIds {

		/**
		 * The organization's Clerk id.
		 * @return the id
		 */
		String getOrganizationId();

		/**
		 * The membership's Clerk id.
		 * @return the id
		 */
		String getMembershipId();

		/**
		 * The user's Clerk id.
		 * @return the id
		 */
		String getUserId();

	}

}
