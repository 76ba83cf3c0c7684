package dev.clerkusers.organizations;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.clerkusers.mirror.CacheInvalidation;
import dev.clerkusers.mirror.MirrorCache;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

/**
 * In-memory caches of organizations and memberships by Clerk id, for the request context.
 * Only rows found are cached — an organization or membership not found is looked up again
 * next time, so no stale "not found" survives its creation. Every write of
 * {@link OrganizationSynchronizer} evicts its entries, at once and after commit, and a
 * membership goes with its organization and, once {@link #followUsers followed}, with its
 * user; a cache failure is a miss.
 */
public class OrganizationCache {

	/** The name of the organizations cache. */
	public static final String ORGANIZATIONS = "organizations";

	/** The name of the memberships cache. */
	public static final String MEMBERSHIPS = "memberships";

	private final MirrorCache<Organization> organizations;

	private final MirrorCache<OrganizationMembership> memberships;

	/**
	 * Creates a cache.
	 * @param timeToLive how long an entry is kept
	 * @param maximumSize how many entries of each kind are kept at most
	 */
	public OrganizationCache(Duration timeToLive, long maximumSize) {
		this.organizations = new MirrorCache<>(ORGANIZATIONS, timeToLive, maximumSize);
		this.memberships = new MirrorCache<>(MEMBERSHIPS, timeToLive, maximumSize);
		this.organizations.addDependent((clerkId) -> this.memberships.evictIf((key) -> key.startsWith(clerkId + "|")),
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
		users.addDependent((clerkId) -> this.memberships.evictIf((key) -> key.endsWith("|" + clerkId)),
				this.memberships::clear);
	}

	Optional<Organization> organization(String clerkId, Function<String, @Nullable Organization> loader) {
		return this.organizations.get(clerkId, loader);
	}

	/**
	 * A membership through the cache: loaded on a miss, and not kept when an eviction
	 * overlaps the load.
	 */
	Optional<OrganizationMembership> membership(String organizationClerkId, String userClerkId,
			Supplier<@Nullable OrganizationMembership> loader) {
		return this.memberships.get(key(organizationClerkId, userClerkId), (key) -> loader.get());
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
	 * Evicts a membership, at once and after commit.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 */
	public void evictMembership(String organizationClerkId, String userClerkId) {
		this.memberships.evict(key(organizationClerkId, userClerkId));
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
	 * The memberships cache, keyed by organization and user Clerk ids.
	 * @return the cache
	 */
	public MirrorCache<OrganizationMembership> memberships() {
		return this.memberships;
	}

	private static String key(String organizationClerkId, String userClerkId) {
		return organizationClerkId + "|" + userClerkId;
	}

}
