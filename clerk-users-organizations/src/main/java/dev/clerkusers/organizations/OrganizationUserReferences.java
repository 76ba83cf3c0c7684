package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.List;

import dev.clerkusers.organizations.OrganizationCounts.Count;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserReferences;
import jakarta.persistence.EntityManager;

/**
 * The organization rows that point at a user ({@link ClerkUserReferences}): when a
 * placeholder is merged into a local account, its memberships and the invitations it sent
 * move to the account (a membership the account held in the same organization gives way;
 * a deleted Clerk user's left the account before, see
 * {@link #reassigned(ClerkUser, ClerkUser)}); when a deleted Clerk user's account is
 * taken over by a new Clerk user, the deleted user's memberships end and go, with the
 * invitations it sent, to its tombstone row, and their organizations are recounted.
 * Cached memberships are dropped either way.
 */
public class OrganizationUserReferences implements ClerkUserReferences {

	private final EntityManager entityManager;

	private final OrganizationCache cache;

	private final OrganizationCounts counts;

	/**
	 * Creates the references.
	 * @param entityManager a shared entity manager, in the merge's transaction
	 * @param cache the organization cache
	 */
	public OrganizationUserReferences(EntityManager entityManager, OrganizationCache cache) {
		this.entityManager = entityManager;
		this.cache = cache;
		this.counts = new OrganizationCounts(entityManager);
	}

	@Override
	public void move(ClerkUser from, ClerkUser to) {
		List<Organization> organizations = organizationsOf(from);
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
	public void reassigned(ClerkUser account, ClerkUser deletedUser) {
		List<Organization> organizations = organizationsOf(account);
		// Ended no earlier than the user's deletion (Clerk's time, or this server's for a
		// reconcile), nor than now: a late event Clerk made before the deletion stays
		// older than the end, whichever clock is ahead.
		Instant now = Instant.now();
		Instant deletedAt = deletedUser.getDeletedAt();
		this.entityManager
			.createQuery("update OrganizationMembership m set m.user = :deleted, "
					+ "m.deletedAt = coalesce(m.deletedAt, :endedAt) where m.user = :account")
			.setParameter("deleted", deletedUser)
			.setParameter("endedAt", (deletedAt != null && deletedAt.isAfter(now)) ? deletedAt : now)
			.setParameter("account", account)
			.executeUpdate();
		this.entityManager
			.createQuery("update OrganizationInvitation i set i.inviter = :deleted where i.inviter = :account")
			.setParameter("deleted", deletedUser)
			.setParameter("account", account)
			.executeUpdate();
		// Recounted here, not through OrganizationSynchronizer, which takes each
		// organization's advisory lock: this runs under the user's lock, which the
		// synchronizer takes after the organization's (a deadlock the other way round).
		// The recount's row locks, in id order, order it with the synchronizer's.
		this.counts.recount(Count.MEMBERS, organizations);
		evict(organizations, deletedUser);
		organizations.forEach((organization) -> this.cache.evictOrganization(organization.getClerkId()));
	}

	private List<Organization> organizationsOf(ClerkUser user) {
		return this.entityManager
			.createQuery("select m.organization from OrganizationMembership m where m.user = :user", Organization.class)
			.setParameter("user", user)
			.getResultList();
	}

	private void evict(List<Organization> organizations, ClerkUser user) {
		String userClerkId = user.getClerkId();
		if (userClerkId != null) {
			organizations.forEach((organization) -> this.cache.evictMembership(organization.getClerkId(), userClerkId));
		}
	}

}
