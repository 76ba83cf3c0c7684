package dev.clerkusers.organizations;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link OrganizationMembership}s. Read through it; change
 * memberships through {@link OrganizationSynchronizer}.
 */
public interface OrganizationMembershipRepository extends JpaRepository<OrganizationMembership, Long> {

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
	@Query("select m from OrganizationMembership m where m.organization.clerkId = :organization and m.user.clerkId = :user")
	Optional<OrganizationMembership> findMembership(@Param("organization") String organizationClerkId,
			@Param("user") String userClerkId);

	/**
	 * The current memberships of an organization.
	 * @param organization the organization
	 * @return the memberships, oldest first
	 */
	@Query("select m from OrganizationMembership m where m.organization = :organization and m.deletedAt is null order by m.joinedAt, m.id")
	List<OrganizationMembership> findActiveByOrganization(@Param("organization") Organization organization);

	/**
	 * The current memberships of a user.
	 * @param userClerkId the user's Clerk id
	 * @return the memberships
	 */
	@Query("select m from OrganizationMembership m where m.user.clerkId = :user and m.deletedAt is null")
	List<OrganizationMembership> findActiveByUser(@Param("user") String userClerkId);

	/**
	 * How many current members an organization has.
	 * @param organization the organization
	 * @return the count
	 */
	@Query("select count(m) from OrganizationMembership m where m.organization = :organization and m.deletedAt is null")
	long countActive(@Param("organization") Organization organization);

}
