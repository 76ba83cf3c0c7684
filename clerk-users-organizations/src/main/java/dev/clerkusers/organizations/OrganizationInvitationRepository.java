package dev.clerkusers.organizations;

import java.util.List;
import java.util.Optional;

import dev.clerkusers.mirror.ReadOnlyRepository;

import org.springframework.data.repository.query.Param;

/**
 * Spring Data repository of {@link OrganizationInvitation}s.
 */
public interface OrganizationInvitationRepository extends ReadOnlyRepository<OrganizationInvitation, Long> {

	/**
	 * Finds an invitation by Clerk id.
	 * @param clerkId the invitation id
	 * @return the invitation, if any
	 */
	Optional<OrganizationInvitation> findByClerkId(String clerkId);

	/**
	 * An organization's invitations in a state.
	 * @param organization the organization
	 * @param status the state
	 * @return the invitations
	 */
	List<OrganizationInvitation> findByOrganizationAndStatus(Organization organization, InvitationStatus status);

	/**
	 * How many invitations of an organization are in a state.
	 * @param organization the organization
	 * @param status the state
	 * @return the count
	 */
	long countByStatus(@Param("organization") Organization organization, @Param("status") InvitationStatus status);

}
