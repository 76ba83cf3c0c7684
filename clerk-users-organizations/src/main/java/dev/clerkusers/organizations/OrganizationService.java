package dev.clerkusers.organizations;

import java.util.List;
import java.util.Optional;

import dev.clerkusers.mirror.PostgresText;

import org.springframework.transaction.annotation.Transactional;

/**
 * Finds organizations and memberships: through the {@link OrganizationCache} on the
 * request path (the request context, {@code X-Organization-Id} selection), and in the
 * database. They change through {@link OrganizationSynchronizer}. An id no row can hold
 * (one with a NUL character, which PostgreSQL cannot store) finds nothing, as any other
 * id no row holds.
 */
public class OrganizationService {

	private final OrganizationRepository organizations;

	private final OrganizationMembershipRepository memberships;

	private final OrganizationCache cache;

	/**
	 * Creates the service.
	 * @param organizations the organization repository
	 * @param memberships the membership repository
	 * @param cache the organization cache
	 */
	public OrganizationService(OrganizationRepository organizations, OrganizationMembershipRepository memberships,
			OrganizationCache cache) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.cache = cache;
	}

	/**
	 * Finds an organization by Clerk id, in the database.
	 * @param clerkId the Clerk organization id
	 * @return the organization, if any
	 */
	@Transactional(readOnly = true)
	public Optional<Organization> findByClerkId(String clerkId) {
		return PostgresText.hasUnstorable(clerkId) ? Optional.empty() : this.organizations.findByClerkId(clerkId);
	}

	/**
	 * Finds an active organization by Clerk id, in the cache and then the database. Only
	 * found organizations are cached, and only when read outside a transaction and
	 * open-in-view's persistence context.
	 * @param clerkId the Clerk organization id
	 * @return the organization, if stored and active
	 */
	public Optional<Organization> findActiveCached(String clerkId) {
		if (PostgresText.hasUnstorable(clerkId)) {
			return Optional.empty();
		}
		return this.cache.organization(clerkId, (key) -> this.organizations.findByClerkId(key).orElse(null))
			.filter(Organization::isActive);
	}

	/**
	 * Finds a user's current membership of an active organization, in the cache and then
	 * the database. The membership carries its organization and its user as they are
	 * stored: a change of either evicts the cached membership, on every instance. The
	 * user's own state is not looked at (a request's authentication refuses an inactive
	 * user before its organization is read): a caller outside a request checks
	 * {@code getUser().isActive()}.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 * @return the membership, if current
	 */
	public Optional<OrganizationMembership> findActiveMembershipCached(String organizationClerkId, String userClerkId) {
		if (PostgresText.hasUnstorable(organizationClerkId) || PostgresText.hasUnstorable(userClerkId)) {
			return Optional.empty();
		}
		return this.cache
			.membership(organizationClerkId, userClerkId, () -> this.memberships.findActiveByUser(userClerkId))
			.filter(OrganizationMembership::isActive)
			.filter((found) -> found.getOrganization().isActive());
	}

	/**
	 * The current memberships of an organization: none when it is deleted.
	 * @param organization the organization
	 * @return the memberships
	 */
	@Transactional(readOnly = true)
	public List<OrganizationMembership> findActiveMemberships(Organization organization) {
		return organization.isActive() ? this.memberships.findActiveByOrganization(organization) : List.of();
	}

	/**
	 * The current memberships of a user: in organizations that are not deleted, as
	 * {@link #findActiveMembershipCached(String, String)} finds them.
	 * @param userClerkId the user's Clerk id
	 * @return the memberships
	 */
	@Transactional(readOnly = true)
	public List<OrganizationMembership> findActiveMembershipsOfUser(String userClerkId) {
		return PostgresText.hasUnstorable(userClerkId) ? List.of() : this.memberships.findActiveByUser(userClerkId);
	}

}
