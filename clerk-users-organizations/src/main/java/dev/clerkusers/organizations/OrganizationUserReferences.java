package dev.clerkusers.organizations;

import java.util.List;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserReferences;
import jakarta.persistence.EntityManager;

/**
 * Moves the organization rows that point at a user (its memberships, and the invitations
 * it sent) when its placeholder is merged into a local account
 * ({@link ClerkUserReferences}), and drops the cached memberships of the placeholder.
 */
public class OrganizationUserReferences implements ClerkUserReferences {

	private final EntityManager entityManager;

	private final OrganizationCache cache;

	/**
	 * Creates the references.
	 * @param entityManager a shared entity manager, in the merge's transaction
	 * @param cache the organization cache
	 */
	public OrganizationUserReferences(EntityManager entityManager, OrganizationCache cache) {
		this.entityManager = entityManager;
		this.cache = cache;
	}

	@Override
	public void move(ClerkUser from, ClerkUser to) {
		List<String> organizations = this.entityManager
			.createQuery("select m.organization.clerkId from OrganizationMembership m where m.user = :from",
					String.class)
			.setParameter("from", from)
			.getResultList();
		this.entityManager.createQuery("update OrganizationMembership m set m.user = :to where m.user = :from")
			.setParameter("to", to)
			.setParameter("from", from)
			.executeUpdate();
		this.entityManager.createQuery("update OrganizationInvitation i set i.inviter = :to where i.inviter = :from")
			.setParameter("to", to)
			.setParameter("from", from)
			.executeUpdate();
		String userClerkId = from.getClerkId();
		if (userClerkId != null) {
			organizations.forEach((organization) -> this.cache.evictMembership(organization, userClerkId));
		}
	}

}
