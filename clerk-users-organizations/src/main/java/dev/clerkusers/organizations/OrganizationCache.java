package dev.clerkusers.organizations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.mirror.MirrorCache;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

/**
 * In-memory caches of organizations by Clerk id, and of each user's current memberships
 * by the user's Clerk id, for the request context. Only rows found are cached — an
 * organization not found, or a user without a current membership, is looked up again next
 * time, so no stale "not found" survives its creation. Every write of
 * {@link OrganizationSynchronizer} evicts its entries, at once and after commit: a
 * membership's write evicts its user's memberships. The memberships go with their
 * organizations and, once {@link #followUsers followed}, with their user; a cache failure
 * is a miss.
 */
public class OrganizationCache {

	/** The name of the organizations cache. */
	public static final String ORGANIZATIONS = "organizations";

	/** The name of the memberships cache. */
	public static final String MEMBERSHIPS = "memberships";

	private final MirrorCache<Organization> organizations;

	private final MirrorCache<Map<String, OrganizationMembership>> memberships;

	/**
	 * Creates a cache.
	 * @param timeToLive how long an entry is kept
	 * @param maximumSize how many organizations, and how many users' memberships, are
	 * kept at most
	 */
	public OrganizationCache(Duration timeToLive, long maximumSize) {
		this.organizations = new MirrorCache<>(ORGANIZATIONS, timeToLive, maximumSize);
		this.memberships = new MirrorCache<>(MEMBERSHIPS, timeToLive, maximumSize);
		this.organizations.addDependent(
				(clerkId) -> this.memberships.evictIf((user, memberships) -> memberships.containsKey(clerkId)),
				this.memberships::clear);
	}

	/**
	 * Makes the memberships follow the users' cache: a cached membership carries its
	 * user, so every eviction of a user, here or reported by another instance, evicts the
	 * user's memberships too. The auto-configuration calls it with the
	 * {@code ClerkUserCache}.
	 * @param users the users' cache
	 */
	public void followUsers(MirrorCache<ClerkUser> users) {
		users.addDependent(this.memberships::evictNow, this.memberships::clear);
	}

	Optional<Organization> organization(String clerkId, Function<String, @Nullable Organization> loader) {
		return this.organizations.get(clerkId, loader);
	}

	/**
	 * A user's current membership of an organization through the cache, which holds the
	 * user's current memberships together: loaded on a miss, and not kept when an
	 * eviction overlaps the load.
	 */
	Optional<OrganizationMembership> membership(String organizationClerkId, String userClerkId,
			Supplier<List<OrganizationMembership>> loader) {
		return this.memberships.get(userClerkId, (user) -> byOrganization(loader.get()))
			.map((memberships) -> memberships.get(organizationClerkId));
	}

	/**
	 * Sends evictions to the other instances sharing the database, and applies theirs: an
	 * organization evicted elsewhere takes its memberships with it here too.
	 * @param invalidation the invalidation across instances
	 */
	public void setInvalidation(CacheInvalidation invalidation) {
		this.organizations.setInvalidation(invalidation);
		this.memberships.setInvalidation(invalidation);
	}

	/**
	 * Evicts an organization, and every membership of it, at once and after commit.
	 * @param clerkId the organization's Clerk id
	 */
	public void evictOrganization(String clerkId) {
		this.organizations.evict(clerkId);
	}

	/**
	 * Evicts a membership, with the user's other memberships, at once and after commit.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 */
	public void evictMembership(String organizationClerkId, String userClerkId) {
		this.memberships.evict(userClerkId);
	}

	/**
	 * Empties the caches.
	 */
	public void clear() {
		this.organizations.clear();
		this.memberships.clear();
	}

	/**
	 * The organizations cache.
	 * @return the cache
	 */
	public MirrorCache<Organization> organizations() {
		return this.organizations;
	}

	/**
	 * The memberships cache: each user's current memberships, by the user's Clerk id, and
	 * within them by the organization's Clerk id.
	 * @return the cache
	 */
	public MirrorCache<Map<String, OrganizationMembership>> memberships() {
		return this.memberships;
	}

	/**
	 * The memberships by their organizations' Clerk ids, or {@code null} for none: a user
	 * without a current membership is not cached.
	 */
	private static @Nullable Map<String, OrganizationMembership> byOrganization(
			List<OrganizationMembership> memberships) {
		if (memberships.isEmpty()) {
			return null;
		}
		Map<String, OrganizationMembership> byOrganization = new LinkedHashMap<>();
		memberships.forEach((membership) -> byOrganization.put(membership.getOrganization().getClerkId(), membership));
		return Map.copyOf(byOrganization);
	}

}
