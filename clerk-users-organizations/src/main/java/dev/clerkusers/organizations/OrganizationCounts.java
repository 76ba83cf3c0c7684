package dev.clerkusers.organizations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjIntConsumer;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

/**
 * The member and pending-invitation counts of organizations, recounted from the local
 * rows in SQL, the only way they are written (the entity never writes them).
 * <p>
 * A recount first locks the organizations' rows, in id order, and counts after that: two
 * writers recounting the same organizations wait for each other rather than deadlock, and
 * a count includes every change committed before the lock. (A count compared with a copy
 * of the organization read earlier in the transaction could miss a recount committed in
 * between: the memberships of an account taken over end without their organizations'
 * advisory locks, see {@link OrganizationUserReferences}.) An organization whose count
 * did not change is not written.
 */
final class OrganizationCounts {

	private static final String LOCK = """
			select id, members_count, pending_invitations_count from clerk_organizations
			where id = any(?) order by id for no key update""";

	private final EntityManager entityManager;

	/**
	 * Creates the counts.
	 * @param entityManager a shared entity manager, in the writers' transactions
	 */
	OrganizationCounts(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	/**
	 * Recounts one count of stored organizations, and sets it on them.
	 * @param count the count
	 * @param organizations the organizations
	 * @return the Clerk ids of the organizations whose count changed
	 */
	Collection<String> recount(Count count, Collection<Organization> organizations) {
		Recount recount = recountByIds(count,
				organizations.stream().map((organization) -> Objects.requireNonNull(organization.getId())).toList());
		for (Organization organization : organizations) {
			Integer now = recount.counts().get(organization.getId());
			if (now != null) {
				count.setter.accept(organization, now);
			}
		}
		return recount.changed().values();
	}

	/**
	 * Locks the rows of organizations in id order, the order of the recounts' locks: a
	 * writer of several organizations' rows takes them so first, and cannot deadlock with
	 * a recount (which an account taken over runs without the organizations' advisory
	 * locks).
	 * @param organizations stored organizations
	 */
	void lockRows(Collection<Organization> organizations) {
		if (organizations.size() < 2) {
			return;
		}
		Session session = this.entityManager.unwrap(Session.class);
		session.doWork((connection) -> lock(connection, connection.createArrayOf("bigint",
				organizations.stream().map((organization) -> organization.getId()).toArray())));
	}

	private Recount recountByIds(Count count, Collection<Long> organizationIds) {
		if (organizationIds.isEmpty()) {
			return new Recount(Map.of(), Map.of());
		}
		Session session = this.entityManager.unwrap(Session.class);
		if (session.isDirty()) {
			// Plain SQL sees only what is flushed.
			session.flush();
		}
		return session.doReturningWork((connection) -> recount(connection, count, organizationIds));
	}

	private Recount recount(Connection connection, Count count, Collection<Long> organizationIds) throws SQLException {
		Array ids = connection.createArrayOf("bigint", organizationIds.toArray());
		Map<Long, Integer> counts = new HashMap<>();
		for (Map.Entry<Long, Map<String, Integer>> locked : lock(connection, ids).entrySet()) {
			counts.put(locked.getKey(), locked.getValue().get(count.column));
		}
		Map<Long, String> changed = new LinkedHashMap<>();
		try (PreparedStatement update = connection.prepareStatement(count.update)) {
			update.setTimestamp(1, Timestamp.from(Instant.now()));
			update.setArray(2, ids);
			try (ResultSet rows = update.executeQuery()) {
				while (rows.next()) {
					counts.put(rows.getLong(1), rows.getInt(3));
					changed.put(rows.getLong(1), rows.getString(2));
				}
			}
		}
		return new Recount(counts, changed);
	}

	/**
	 * Locks the rows of organizations in id order, and reads their counts as committed
	 * when each lock was taken.
	 * @return each organization's counts by column, by id
	 */
	private static Map<Long, Map<String, Integer>> lock(Connection connection, Array ids) throws SQLException {
		Map<Long, Map<String, Integer>> locked = new HashMap<>();
		try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
			lock.setArray(1, ids);
			try (ResultSet rows = lock.executeQuery()) {
				while (rows.next()) {
					locked.put(rows.getLong(1),
							Map.of("members_count", rows.getInt(2), "pending_invitations_count", rows.getInt(3)));
				}
			}
		}
		return locked;
	}

	/**
	 * A count an organization keeps of its rows.
	 */
	enum Count {

		/**
		 * The memberships that have not ended.
		 */
		MEMBERS("members_count",
				"select count(*) from clerk_organization_memberships m"
						+ " where m.organization_id = o.id and m.deleted_at is null",
				Organization::setMembersCount),

		/**
		 * The invitations still pending.
		 */
		PENDING_INVITATIONS("pending_invitations_count",
				"select count(*) from clerk_organization_invitations i"
						+ " where i.organization_id = o.id and i.status = 'pending'",
				Organization::setPendingInvitationsCount);

		private final String column;

		private final String update;

		private final ObjIntConsumer<Organization> setter;

		Count(String column, String counted, ObjIntConsumer<Organization> setter) {
			this.column = column;
			this.setter = setter;
			// Counted after LOCK, in a statement of its own: a statement counts what
			// was committed when it began.
			this.update = "update clerk_organizations t set " + column + " = c.n, updated_at = ?"
					+ " from (select o.id, (" + counted + ") as n from clerk_organizations o where o.id = any(?)) c"
					+ " where t.id = c.id and t." + column + " <> c.n returning t.id, t.clerk_id, c.n";
		}

	}

	/**
	 * What a recount found.
	 *
	 * @param counts each organization's count now, by id
	 * @param changed the Clerk ids of the organizations whose count changed, by id
	 */
	record Recount(Map<Long, Integer> counts, Map<Long, String> changed) {
	}

}
