package dev.clerkusers.organizations;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An in-memory cache of organizations and memberships by Clerk id, for the request
 * context. Only rows found are cached — an organization or membership not found is looked
 * up again next time, so no stale "not found" survives its creation. Every write through
 * {@link OrganizationService} invalidates its entries; a cache failure is a miss.
 */
public class OrganizationCache {

	private static final Log logger = LogFactory.getLog(OrganizationCache.class);

	private final Cache<String, Organization> organizations;

	private final Cache<String, OrganizationMembership> memberships;

	/**
	 * Creates a cache.
	 * @param timeToLive how long an entry is kept
	 * @param maximumSize how many entries of each kind are kept at most
	 */
	public OrganizationCache(Duration timeToLive, long maximumSize) {
		this.organizations = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).build();
		this.memberships = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).build();
	}

	Optional<Organization> organization(String clerkId) {
		try {
			return Optional.ofNullable(this.organizations.getIfPresent(clerkId));
		}
		catch (RuntimeException ex) {
			logger.warn("Organization cache read failed, treating it as a miss: " + ex);
			return Optional.empty();
		}
	}

	void put(Organization organization) {
		try {
			this.organizations.put(organization.getClerkId(), organization);
		}
		catch (RuntimeException ex) {
			logger.warn("Organization cache write failed: " + ex);
		}
	}

	Optional<OrganizationMembership> membership(String organizationClerkId, String userClerkId) {
		try {
			return Optional.ofNullable(this.memberships.getIfPresent(key(organizationClerkId, userClerkId)));
		}
		catch (RuntimeException ex) {
			logger.warn("Membership cache read failed, treating it as a miss: " + ex);
			return Optional.empty();
		}
	}

	void put(OrganizationMembership membership) {
		try {
			String userClerkId = membership.getUser().getClerkId();
			if (userClerkId != null) {
				this.memberships.put(key(membership.getOrganization().getClerkId(), userClerkId), membership);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Membership cache write failed: " + ex);
		}
	}

	/**
	 * Removes an organization, and every membership of it, from the cache.
	 * @param clerkId the organization's Clerk id
	 */
	public void invalidateOrganization(String clerkId) {
		try {
			this.organizations.invalidate(clerkId);
			this.memberships.asMap().keySet().removeIf((key) -> key.startsWith(clerkId + "|"));
		}
		catch (RuntimeException ex) {
			logger.warn("Organization cache invalidation failed: " + ex);
		}
	}

	/**
	 * Removes a membership from the cache.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 */
	public void invalidateMembership(String organizationClerkId, String userClerkId) {
		try {
			this.memberships.invalidate(key(organizationClerkId, userClerkId));
		}
		catch (RuntimeException ex) {
			logger.warn("Membership cache invalidation failed: " + ex);
		}
	}

	/**
	 * Empties the cache.
	 */
	public void invalidateAll() {
		try {
			this.organizations.invalidateAll();
			this.memberships.invalidateAll();
		}
		catch (RuntimeException ex) {
			logger.warn("Organization cache invalidation failed: " + ex);
		}
	}

	private static String key(String organizationClerkId, String userClerkId) {
		return organizationClerkId + "|" + userClerkId;
	}

}
