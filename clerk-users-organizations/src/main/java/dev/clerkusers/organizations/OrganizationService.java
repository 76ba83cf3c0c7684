package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.clerkusers.api.OrganizationInvitationResource;
import dev.clerkusers.api.OrganizationMembershipResource;
import dev.clerkusers.api.OrganizationResource;
import dev.clerkusers.api.PublicUserDataResource;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.MalformedClerkDataException;
import jakarta.persistence.EntityManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.StringUtils;

/**
 * Keeps organizations, memberships and invitations in step with Clerk, with the same
 * rules as users:
 * <ul>
 * <li><b>Ordering guard</b>: data whose {@code updated_at} is not newer than the stored
 * one is ignored, so a late or retried event never overwrites newer data.</li>
 * <li><b>Tombstones</b>: a deleted organization and a removed membership are kept,
 * inactive, and only newer data brings them back; a late event never restores a removed
 * membership.</li>
 * <li><b>Nothing fails for ordering reasons</b>: a membership for an organization or a
 * user not stored yet creates them from the payload (the user from its public data, to be
 * completed later); a deletion of something not stored leaves a tombstone.</li>
 * <li><b>One writer per object</b>: writes take a PostgreSQL advisory lock on the Clerk
 * id until the transaction ends.</li>
 * <li>Member and pending-invitation counts are recounted from the local rows on every
 * change.</li>
 * </ul>
 */
public class OrganizationService {

	private static final Log logger = LogFactory.getLog(OrganizationService.class);

	/** First key of the advisory locks taken by this service ("Corg"). */
	private static final int LOCK_NAMESPACE = 0x436F7267;

	private final OrganizationRepository organizations;

	private final OrganizationMembershipRepository memberships;

	private final OrganizationInvitationRepository invitations;

	private final ClerkUserService users;

	private final OrganizationCache cache;

	private final EntityManager entityManager;

	/**
	 * Creates the service.
	 * @param organizations the organization repository
	 * @param memberships the membership repository
	 * @param invitations the invitation repository
	 * @param users the user service
	 * @param cache the organization cache
	 * @param entityManager a shared entity manager, for advisory locks
	 */
	public OrganizationService(OrganizationRepository organizations, OrganizationMembershipRepository memberships,
			OrganizationInvitationRepository invitations, ClerkUserService users, OrganizationCache cache,
			EntityManager entityManager) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.invitations = invitations;
		this.users = users;
		this.cache = cache;
		this.entityManager = entityManager;
	}

	// ---------------------------------------------------------------- lookups

	/**
	 * Finds an organization by Clerk id, in the database.
	 * @param clerkId the Clerk organization id
	 * @return the organization, if any
	 */
	@Transactional(readOnly = true)
	public Optional<Organization> findByClerkId(String clerkId) {
		return this.organizations.findByClerkId(clerkId);
	}

	/**
	 * Finds an active organization by Clerk id, in the cache and then the database. Only
	 * found organizations are cached.
	 * @param clerkId the Clerk organization id
	 * @return the organization, if stored and active
	 */
	public Optional<Organization> findActiveCached(String clerkId) {
		Optional<Organization> organization = this.cache.organization(clerkId);
		if (organization.isEmpty()) {
			organization = this.organizations.findByClerkId(clerkId);
			organization.ifPresent(this.cache::put);
		}
		return organization.filter(Organization::isActive);
	}

	/**
	 * Finds a user's current membership of an active organization, in the cache and then
	 * the database.
	 * @param organizationClerkId the organization's Clerk id
	 * @param userClerkId the user's Clerk id
	 * @return the membership, if current
	 */
	public Optional<OrganizationMembership> findActiveMembershipCached(String organizationClerkId, String userClerkId) {
		Optional<OrganizationMembership> membership = this.cache.membership(organizationClerkId, userClerkId);
		if (membership.isEmpty()) {
			membership = this.memberships.findMembership(organizationClerkId, userClerkId);
			membership.ifPresent(this.cache::put);
		}
		return membership.filter(OrganizationMembership::isActive)
			.filter((found) -> found.getOrganization().isActive());
	}

	/**
	 * The current memberships of an organization.
	 * @param organization the organization
	 * @return the memberships
	 */
	@Transactional(readOnly = true)
	public List<OrganizationMembership> findActiveMemberships(Organization organization) {
		return this.memberships.findActiveByOrganization(organization);
	}

	/**
	 * The current memberships of a user.
	 * @param userClerkId the user's Clerk id
	 * @return the memberships
	 */
	@Transactional(readOnly = true)
	public List<OrganizationMembership> findActiveMembershipsOfUser(String userClerkId) {
		return this.memberships.findActiveByUser(userClerkId);
	}

	// ---------------------------------------------------------------- organizations

	/**
	 * Creates or updates an organization from Clerk's JSON (a webhook's {@code data}).
	 * @param json the organization object
	 * @return what was done
	 */
	@Transactional
	public Change<Organization> upsertOrganization(JsonNode json) {
		return upsertOrganization(read(json, OrganizationResource.class));
	}

	/**
	 * Creates or updates an organization from Clerk's data.
	 * @param data the organization
	 * @return what was done
	 */
	@Transactional
	public Change<Organization> upsertOrganization(OrganizationResource data) {
		String clerkId = require(data.id(), "organization id");
		lock(clerkId);
		Organization organization = this.organizations.findByClerkId(clerkId).orElse(null);
		if (organization != null && organization.isDeleted()) {
			return new Change<>(Change.Outcome.IGNORED_DELETED, organization);
		}
		Instant updatedAt = instant(data.updatedAt());
		if (organization != null && !organization.isSyncPending()
				&& !isNewer(updatedAt, organization.getClerkUpdatedAt())) {
			return new Change<>(Change.Outcome.STALE, organization);
		}
		boolean created = organization == null;
		if (organization == null) {
			organization = new Organization(clerkId);
		}
		organization.setName(data.name());
		organization.setSlug(data.slug());
		organization.setImageUrl(data.imageUrl());
		if (data.publicMetadata() != null) {
			organization.setPublicMetadata(data.publicMetadata());
		}
		if (data.privateMetadata() != null) {
			organization.setPrivateMetadata(data.privateMetadata());
		}
		if (data.maxAllowedMemberships() != null) {
			organization.setMaxAllowedMemberships(data.maxAllowedMemberships());
		}
		if (data.createdAt() != null) {
			organization.setClerkCreatedAt(instant(data.createdAt()));
		}
		organization.setClerkUpdatedAt(updatedAt);
		organization.setSyncPending(false);
		organization.setActive(true);
		Organization saved = save(organization);
		return new Change<>(created ? Change.Outcome.CREATED : Change.Outcome.UPDATED, saved);
	}

	/**
	 * Deletes an organization in a soft way: inactive, with a tombstone; its memberships
	 * stay, and the request context no longer resolves it. A deletion of an organization
	 * not stored leaves a tombstone row.
	 * @param clerkId the Clerk organization id
	 * @param deletedAt when Clerk deleted it
	 * @return what was done
	 */
	@Transactional
	public Change<Organization> deleteOrganization(String clerkId, Instant deletedAt) {
		lock(require(clerkId, "organization id"));
		Organization organization = this.organizations.findByClerkId(clerkId)
			.orElseGet(() -> new Organization(clerkId));
		if (organization.isDeleted()) {
			return new Change<>(Change.Outcome.IGNORED_DELETED, organization);
		}
		organization.setActive(false);
		organization.setDeletedAt(deletedAt);
		organization.setSyncPending(false);
		return new Change<>(Change.Outcome.DELETED, save(organization));
	}

	// ---------------------------------------------------------------- memberships

	/**
	 * Creates or updates a membership from Clerk's JSON.
	 * @param json the membership object
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationMembership> upsertMembership(JsonNode json) {
		return upsertMembership(read(json, OrganizationMembershipResource.class));
	}

	/**
	 * Creates or updates a membership from Clerk's data. The organization and the user
	 * are created when they are not stored yet.
	 * @param data the membership
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationMembership> upsertMembership(OrganizationMembershipResource data) {
		Member member = member(data);
		lock(member.organization().getClerkId() + "|" + member.user().getClerkId());
		OrganizationMembership membership = find(data, member);
		Instant updatedAt = instant(data.updatedAt());
		if (membership != null && !isNewer(updatedAt, guard(membership))) {
			return new Change<>(membership.isActive() ? Change.Outcome.STALE : Change.Outcome.IGNORED_DELETED,
					membership);
		}
		boolean created = membership == null || !membership.isActive();
		if (membership == null) {
			membership = new OrganizationMembership(member.organization(), member.user());
		}
		membership.setClerkId(require(data.id(), "membership id"));
		membership.setRole(StringUtils.hasText(data.role()) ? data.role() : "org:member");
		membership.setPermissions((data.permissions() != null) ? data.permissions() : List.of());
		if (data.publicMetadata() != null) {
			membership.setPublicMetadata(data.publicMetadata());
		}
		if (data.privateMetadata() != null) {
			membership.setPrivateMetadata(data.privateMetadata());
		}
		if (data.createdAt() != null) {
			membership.setJoinedAt(instant(data.createdAt()));
		}
		membership.setClerkUpdatedAt(updatedAt);
		membership.setDeletedAt(null);
		OrganizationMembership saved = save(membership);
		recountMembers(member.organization());
		return new Change<>(created ? Change.Outcome.CREATED : Change.Outcome.UPDATED, saved);
	}

	/**
	 * Removes a membership from Clerk's JSON ({@code organizationMembership.deleted}
	 * carries the whole membership).
	 * @param json the membership object
	 * @param deletedAt when it was removed
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationMembership> deleteMembership(JsonNode json, Instant deletedAt) {
		return deleteMembership(read(json, OrganizationMembershipResource.class), deletedAt);
	}

	/**
	 * Removes a membership: a tombstone dated by the removal, which only newer data
	 * undoes. A removal of a membership not stored leaves a tombstone.
	 * @param data the membership
	 * @param deletedAt when it was removed
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationMembership> deleteMembership(OrganizationMembershipResource data, Instant deletedAt) {
		Member member = member(data);
		lock(member.organization().getClerkId() + "|" + member.user().getClerkId());
		OrganizationMembership membership = find(data, member);
		if (membership != null && !isNewer(deletedAt, guard(membership))) {
			return new Change<>(Change.Outcome.STALE, membership);
		}
		if (membership == null) {
			membership = new OrganizationMembership(member.organization(), member.user());
			membership.setClerkId(require(data.id(), "membership id"));
			membership.setRole(StringUtils.hasText(data.role()) ? data.role() : "org:member");
		}
		membership.setDeletedAt(deletedAt);
		OrganizationMembership saved = save(membership);
		recountMembers(member.organization());
		return new Change<>(Change.Outcome.DELETED, saved);
	}

	/**
	 * Removes the local memberships of an organization that Clerk no longer has (after a
	 * full listing).
	 * @param organization the organization
	 * @param currentMembershipIds the membership ids Clerk listed
	 * @param listedAt when the listing started; memberships stored after it are kept
	 * @return how many memberships were removed
	 */
	@Transactional
	public int removeMembershipsNotIn(Organization organization, Set<String> currentMembershipIds, Instant listedAt) {
		int removed = 0;
		for (OrganizationMembership membership : this.memberships.findActiveByOrganization(organization)) {
			if (!currentMembershipIds.contains(membership.getClerkId())
					&& membership.getCreatedAt().isBefore(listedAt)) {
				membership.setDeletedAt(listedAt);
				save(membership);
				removed++;
			}
		}
		if (removed > 0) {
			recountMembers(organization);
		}
		return removed;
	}

	// ---------------------------------------------------------------- invitations

	/**
	 * Creates or updates an invitation from Clerk's JSON.
	 * @param json the invitation object
	 * @param status the status the event implies ({@code accepted} for
	 * {@code organizationInvitation.accepted}), or {@code null} to take the payload's
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationInvitation> upsertInvitation(JsonNode json, @Nullable InvitationStatus status) {
		return upsertInvitation(read(json, OrganizationInvitationResource.class), status);
	}

	/**
	 * Creates or updates an invitation; its organization is created when not stored yet.
	 * @param data the invitation
	 * @param status the status the event implies, or {@code null} to take the payload's
	 * @return what was done
	 */
	@Transactional
	public Change<OrganizationInvitation> upsertInvitation(OrganizationInvitationResource data,
			@Nullable InvitationStatus status) {
		String clerkId = require(data.id(), "invitation id");
		Organization organization = ensureOrganization(require(data.organizationId(), "invitation organization_id"));
		lock(clerkId);
		OrganizationInvitation invitation = this.invitations.findByClerkId(clerkId).orElse(null);
		Instant updatedAt = instant(data.updatedAt());
		if (invitation != null && !isNewer(updatedAt, invitation.getClerkUpdatedAt())) {
			return new Change<>(Change.Outcome.STALE, invitation);
		}
		boolean created = invitation == null;
		if (invitation == null) {
			invitation = new OrganizationInvitation(clerkId, organization);
		}
		invitation.setEmailAddress(require(data.emailAddress(), "invitation email_address"));
		invitation.setRole(StringUtils.hasText(data.role()) ? data.role() : "org:member");
		try {
			invitation.setStatus((status != null) ? status : InvitationStatus.of(data.status()));
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedClerkDataException("Unknown invitation status '" + data.status() + "'");
		}
		invitation.setUrl(data.url());
		invitation.setExpiresAt(instant(data.expiresAt()));
		if (data.inviterId() != null) {
			invitation.setInviter(this.users.findByClerkId(data.inviterId()).orElse(null));
		}
		if (data.publicMetadata() != null) {
			invitation.setPublicMetadata(data.publicMetadata());
		}
		if (data.privateMetadata() != null) {
			invitation.setPrivateMetadata(data.privateMetadata());
		}
		if (data.createdAt() != null) {
			invitation.setClerkCreatedAt(instant(data.createdAt()));
		}
		invitation.setClerkUpdatedAt(updatedAt);
		OrganizationInvitation saved = this.invitations.saveAndFlush(invitation);
		recountPendingInvitations(organization);
		return new Change<>(created ? Change.Outcome.CREATED : Change.Outcome.UPDATED, saved);
	}

	// ---------------------------------------------------------------- helpers

	private record Member(Organization organization, ClerkUser user) {
	}

	private Member member(OrganizationMembershipResource data) {
		require(data.id(), "membership id");
		OrganizationResource organizationData = data.organization();
		if (organizationData == null || organizationData.id() == null) {
			throw new MalformedClerkDataException("The membership " + data.id() + " has no organization");
		}
		PublicUserDataResource userData = data.publicUserData();
		if (userData == null || !StringUtils.hasText(userData.userId())) {
			throw new MalformedClerkDataException("The membership " + data.id() + " has no public_user_data.user_id");
		}
		Organization organization = this.organizations.findByClerkId(organizationData.id())
			.filter((found) -> !found.isSyncPending())
			.orElseGet(() -> upsertOrganization(organizationData).valueIfPresent()
				.orElseThrow(() -> new IllegalStateException("Organization " + organizationData.id() + " not stored")));
		ClerkUser user = this.users.ensureUser(userData.userId(), userData.firstName(), userData.lastName(),
				userData.imageUrl());
		return new Member(organization, user);
	}

	private @Nullable OrganizationMembership find(OrganizationMembershipResource data, Member member) {
		Optional<OrganizationMembership> byPair = this.memberships.findMembership(member.organization().getClerkId(),
				require(member.user().getClerkId(), "member user id"));
		if (byPair.isPresent()) {
			return byPair.get();
		}
		return this.memberships.findByClerkId(require(data.id(), "membership id")).orElse(null);
	}

	/**
	 * The time a membership's stored state stands for: its removal, or its last update.
	 */
	private static @Nullable Instant guard(OrganizationMembership membership) {
		Instant updated = membership.getClerkUpdatedAt();
		Instant deleted = membership.getDeletedAt();
		if (updated == null) {
			return deleted;
		}
		return (deleted != null && deleted.isAfter(updated)) ? deleted : updated;
	}

	private Organization ensureOrganization(String clerkId) {
		lock(clerkId);
		return this.organizations.findByClerkId(clerkId).orElseGet(() -> {
			Organization placeholder = new Organization(clerkId);
			placeholder.setSyncPending(true);
			logger.info("Stored organization " + clerkId + " from a reference; its data will follow");
			return save(placeholder);
		});
	}

	/**
	 * Recounts the active members from the local rows; the organization is written (and
	 * its cache entries dropped) only when the count changed.
	 */
	private void recountMembers(Organization organization) {
		int members = (int) this.memberships.countActive(organization);
		if (members != organization.getMembersCount()) {
			organization.setMembersCount(members);
			save(organization);
		}
	}

	/**
	 * Recounts the pending invitations from the local rows; the organization is written
	 * only when the count changed.
	 */
	private void recountPendingInvitations(Organization organization) {
		int pending = (int) this.invitations.countByStatus(organization, InvitationStatus.PENDING);
		if (pending != organization.getPendingInvitationsCount()) {
			organization.setPendingInvitationsCount(pending);
			save(organization);
		}
	}

	private Organization save(Organization organization) {
		Organization saved = this.organizations.saveAndFlush(organization);
		invalidate(saved.getClerkId(), null);
		return saved;
	}

	private OrganizationMembership save(OrganizationMembership membership) {
		OrganizationMembership saved = this.memberships.saveAndFlush(membership);
		invalidate(saved.getOrganization().getClerkId(), saved.getUser().getClerkId());
		return saved;
	}

	private void invalidate(String organizationClerkId, @Nullable String userClerkId) {
		Runnable invalidation = () -> {
			if (userClerkId != null) {
				this.cache.invalidateMembership(organizationClerkId, userClerkId);
			}
			else {
				this.cache.invalidateOrganization(organizationClerkId);
			}
		};
		invalidation.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					invalidation.run();
				}
			});
		}
	}

	private void lock(String key) {
		this.entityManager
			.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1, hashtext(?2))) as clerk_lock")
			.setParameter(1, LOCK_NAMESPACE)
			.setParameter(2, key)
			.getSingleResult();
	}

	private static boolean isNewer(@Nullable Instant incoming, @Nullable Instant stored) {
		if (stored == null) {
			return true;
		}
		return incoming != null && incoming.isAfter(stored);
	}

	private static @Nullable Instant instant(@Nullable Long epochMillis) {
		return (epochMillis != null) ? Instant.ofEpochMilli(epochMillis) : null;
	}

	private static String require(@Nullable String value, String what) {
		if (!StringUtils.hasText(value)) {
			throw new MalformedClerkDataException("Clerk data has no " + what);
		}
		return value;
	}

	private static <T> T read(JsonNode json, Class<T> type) {
		if (json == null || !json.isObject()) {
			throw new MalformedClerkDataException("Clerk data must be a JSON object");
		}
		try {
			return JsonMapper.shared().treeToValue(json, type);
		}
		catch (JacksonException ex) {
			throw new MalformedClerkDataException(
					"Clerk data is not a " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Marks the organizations Clerk no longer has as deleted (after a full listing).
	 * @param currentClerkIds the organization ids Clerk listed
	 * @param listedAt when the listing started; organizations stored after it are kept
	 * @return the organizations deleted
	 */
	@Transactional
	public List<Organization> deleteOrganizationsNotIn(Collection<String> currentClerkIds, Instant listedAt) {
		Set<String> current = Set.copyOf(currentClerkIds);
		return this.organizations.findActiveCreatedBefore(listedAt)
			.stream()
			.filter((organization) -> !current.contains(organization.getClerkId()))
			.map((organization) -> deleteOrganization(organization.getClerkId(), listedAt).value())
			.toList();
	}

}
