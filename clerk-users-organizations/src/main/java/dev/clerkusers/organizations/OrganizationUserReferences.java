package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.List;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserReferences;
import jakarta.persistence.EntityManager;

/**
 * The organization rows that point at a user ({@link ClerkUserReferences}): when a
 * placeholder is merged into a local account, its memberships and the invitations it sent
 * move to the account (a membership the account held in the same organization, a deleted
 * Clerk user's, gives way); when a deleted Clerk user's account is taken over by a new
 * Clerk user, the deleted user's memberships end and their organizations are recounted.
 * Cached memberships are dropped either way.
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
		List<String> organizations = organizationsOf(from);
		this.entityManager
			.createQuery("delete from OrganizationMembership t where t.user = :to and t.organization in "
					+ "(select f.organization from OrganizationMembership f where f.user = :from)")
			.setParameter("to", to)
			.setParameter("from", from)
			.executeUpdate();
		this.entityManager.createQuery("update OrganizationMembership m set m.user = :to where m.user = :from")
			.setParameter("to", to)
			.setParameter("from", from)
			.executeUpdate();
		this.entityManager.createQuery("update OrganizationInvitation i set i.inviter = :to where i.inviter = :from")
			.setParameter("to", to)
			.setParameter("from", from)
			.executeUpdate();
		evict(organizations, from);
	}

	@Override
	public void reassigned(ClerkUser account) {
		List<String> organizations = organizationsOf(account);
		this.entityManager
			.createQuery("update OrganizationMembership m set m.deletedAt = :now "
					+ "where m.user = :account and m.deletedAt is null")
			.setParameter("now", Instant.now())
			.setParameter("account", account)
			.executeUpdate();
		// Recounted in one statement, not through OrganizationSynchronizer's recount:
		// that one takes each organization's lock, and this runs under the user's lock,
		// which the synchronizer takes after the organization's (a deadlock the other way
		// round).
		this.entityManager.createNativeQuery("""
				update clerk_organizations o set members_count = (select count(*) from clerk_organization_memberships m
				where m.organization_id = o.id and m.deleted_at is null) where o.id in
				(select organization_id from clerk_organization_memberships where user_id = :account)
				""").setParameter("account", account.getId()).executeUpdate();
		evict(organizations, account);
		organizations.forEach(this.cache::evictOrganization);
	}

	private List<String> organizationsOf(ClerkUser user) {
		return this.entityManager
			.createQuery("select m.organization.clerkId from OrganizationMembership m where m.user = :user",
					String.class)
			.setParameter("user", user)
			.getResultList();
	}

	private void evict(List<String> organizations, ClerkUser user) {
		String userClerkId = user.getClerkId();
		if (userClerkId != null) {
			organizations.forEach((organization) -> this.cache.evictMembership(organization, userClerkId));
		}
	}

}
