package dev.clerkusers.organizations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.EntityWrites;
import dev.clerkusers.mirror.PostgresText;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.mirror.SyncResult.Outcome;
import dev.clerkusers.organizations.OrganizationCounts.Count;
import dev.clerkusers.organizations.api.OrganizationInvitationResource;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.organizations.api.PublicUserDataResource;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import jakarta.persistence.EntityManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Applies Clerk's data to the local organizations, memberships and invitations, with the
 * same rules as users:
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
 * id until the transaction ends; the writes of memberships and invitations, which recount
 * their organization, take the organization's lock first.</li>
 * <li>Member and pending-invitation counts are recounted from the local rows on every
 * change.</li>
 * </ul>
 */
public class OrganizationSynchronizer {

	private static final Log logger = LogFactory.getLog(OrganizationSynchronizer.class);

	/** First key of the advisory locks taken by this service ("Corg"). */
	private static final int LOCK_NAMESPACE = 0x436F7267;

	private final OrganizationRepository organizations;

	private final OrganizationMembershipRepository memberships;

	private final OrganizationInvitationRepository invitations;

	private final ClerkUserService users;

	private final ClerkUserSynchronizer userSynchronizer;

	private final OrganizationCache cache;

	private final AdvisoryLocks locks;

	private final OrganizationCounts counts;

	private final EntityWrites entities;

	/**
	 * Creates the synchronizer.
	 * @param organizations the organization repository
	 * @param memberships the membership repository
	 * @param invitations the invitation repository
	 * @param users finds users
	 * @param userSynchronizer creates the users of memberships that arrive before them
	 * @param cache the organization cache, evicted on every write
	 * @param locks the advisory locks
	 * @param entityManager a shared entity manager, for the organizations' counts and the
	 * writes
	 */
	public OrganizationSynchronizer(OrganizationRepository organizations, OrganizationMembershipRepository memberships,
			OrganizationInvitationRepository invitations, ClerkUserService users,
			ClerkUserSynchronizer userSynchronizer, OrganizationCache cache, AdvisoryLocks locks,
			EntityManager entityManager) {
		this.organizations = organizations;
		this.memberships = memberships;
		this.invitations = invitations;
		this.users = users;
		this.userSynchronizer = userSynchronizer;
		this.cache = cache;
		this.locks = locks;
		this.counts = new OrganizationCounts(entityManager);
		this.entities = new EntityWrites(entityManager);
	}

	// organizations

	/**
	 * Creates or updates an organization from Clerk's data.
	 * @param data the organization
	 * @return what was done
	 */
	@Transactional
	public SyncResult<Organization> upsertOrganization(OrganizationResource data) {
		String clerkId = require(data.id(), "organization id");
		lock(clerkId);
		return write(clerkId, data, this.organizations.findByClerkId(clerkId).orElse(null), this::save);
	}

	/**
	 * Applies organization data to the stored organization, or to a new one, and saves
	 * it.
	 */
	private SyncResult<Organization> write(String clerkId, OrganizationResource clerks,
			@Nullable Organization organization, UnaryOperator<Organization> save) {
		OrganizationResource data = OrganizationConstraints.fit(clerks);
		if (organization != null && organization.isDeleted()) {
			return SyncResult.of(Outcome.IGNORED_DELETED, organization);
		}
		if (organization != null && !organization.sync().accepts(data.updatedAtInstant())) {
			return SyncResult.of(Outcome.STALE, organization);
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
		organization.sync().applied(data.createdAtInstant(), data.updatedAtInstant());
		organization.setActive(true);
		Organization saved = save.apply(organization);
		return SyncResult.of(created ? Outcome.CREATED : Outcome.UPDATED, saved);
	}

	/**
	 * Creates or updates many organizations from Clerk's data in one transaction, as a
	 * sync's page: each as {@link #upsertOrganization(OrganizationResource)}, their locks
	 * taken first in one statement and one order, the stored ones read in one query, and
	 * the changes written together at the end. One that fails fails the call, and nothing
	 * is stored.
	 * @param batch the organizations
	 * @return what was done with each, in order
	 */
	@Transactional
	public List<SyncResult<Organization>> upsertAllOrganizations(List<OrganizationResource> batch) {
		List<String> clerkIds = batch.stream().map((data) -> require(data.id(), "organization id")).toList();
		this.locks.lockAll(LOCK_NAMESPACE, clerkIds);
		Map<String, Organization> stored = new HashMap<>();
		this.organizations.findByClerkIdIn(clerkIds)
			.forEach((organization) -> stored.put(organization.getClerkId(), organization));
		this.counts.lockRows(stored.values());
		List<SyncResult<Organization>> results = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			String clerkId = clerkIds.get(i);
			results.add(write(clerkId, batch.get(i), stored.get(clerkId), (organization) -> {
				Organization saved = this.entities.save(organization);
				stored.put(clerkId, saved);
				this.cache.evictOrganization(clerkId);
				return saved;
			}));
		}
		this.entities.flush();
		return results;
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
	public SyncResult<Organization> deleteOrganization(String clerkId, Instant deletedAt) {
		Assert.notNull(deletedAt, "deletedAt must not be null");
		lock(require(clerkId, "organization id"));
		Organization organization = this.organizations.findByClerkId(clerkId)
			.orElseGet(() -> new Organization(clerkId));
		if (organization.isDeleted()) {
			return SyncResult.of(Outcome.IGNORED_DELETED, organization);
		}
		organization.setActive(false);
		organization.sync().deleted(deletedAt);
		return SyncResult.of(Outcome.DELETED, save(organization));
	}

	/**
	 * Marks the organizations Clerk no longer has as deleted (after a full listing).
	 * @param currentClerkIds the organization ids Clerk listed
	 * @param listedAt when the listing started; organizations stored after it are kept
	 * @return the organizations deleted
	 */
	@Transactional
	public List<Organization> deleteOrganizationsNotIn(Collection<String> currentClerkIds, Instant listedAt) {
		Assert.notNull(listedAt, "listedAt must not be null");
		Set<String> current = Set.copyOf(currentClerkIds);
		List<Organization> gone = this.organizations.findActiveCreatedBefore(listedAt)
			.stream()
			.filter((organization) -> !current.contains(organization.getClerkId()))
			.toList();
		this.locks.lockAll(LOCK_NAMESPACE, gone.stream().map(Organization::getClerkId).toList());
		this.counts.lockRows(gone);
		return gone.stream()
			.map((organization) -> deleteOrganization(organization.getClerkId(), listedAt).requiredValue())
			.toList();
	}

	// memberships

	/**
	 * Creates or updates a membership from Clerk's data. The organization and the user
	 * are created when they are not stored yet.
	 * @param data the membership
	 * @return what was done
	 */
	@Transactional
	public SyncResult<OrganizationMembership> upsertMembership(OrganizationMembershipResource data) {
		return upsertMembership(data, false);
	}

	/**
	 * Creates or updates a membership from a listing of Clerk's current data, as a sync
	 * does: as {@link #upsertMembership(OrganizationMembershipResource)}, and besides, an
	 * active membership dated as the listed one takes the listing's role and permissions
	 * when they differ. A change to the permissions of a role in Clerk's dashboard moves
	 * no membership's {@code updated_at} and sends no membership event: the listing is
	 * how it arrives. An event is not given that say: a late delivery of an older event
	 * can carry the same date.
	 * @param listed the membership as Clerk lists it now
	 * @return what was done
	 */
	@Transactional
	public SyncResult<OrganizationMembership> upsertListedMembership(OrganizationMembershipResource listed) {
		return upsertMembership(listed, true);
	}

	/**
	 * Creates or updates many memberships from a listing of Clerk's current data in one
	 * transaction, as a sync's page: each as
	 * {@link #upsertListedMembership(OrganizationMembershipResource)}, with the rows the
	 * page touches read in one query per kind, the changes written together, and each
	 * organization's members recounted once, at the end. The locks of the whole page are
	 * taken first, in the order of a single membership's (organizations, users,
	 * memberships) and in one order within each kind, so the page and the writers of one
	 * membership cannot deadlock. One that fails fails the call, and nothing is stored.
	 * @param batch the memberships as Clerk lists them now
	 * @return what was done with each, in order
	 */
	@Transactional
	public List<SyncResult<OrganizationMembership>> upsertAllListedMemberships(
			List<OrganizationMembershipResource> batch) {
		List<MemberIds> page = batch.stream().map(MemberIds::of).toList();
		this.locks.lockAll(LOCK_NAMESPACE, page.stream().map(MemberIds::organizationId).toList());
		this.userSynchronizer.lockUsers(page.stream().map(MemberIds::userId).toList());
		this.locks.lockAll(LOCK_NAMESPACE, page.stream().map(MemberIds::key).toList());
		MembershipRows rows = MembershipRows.load(page, this.organizations, this.users, this.memberships);
		Map<String, Organization> recount = new LinkedHashMap<>();
		List<SyncResult<OrganizationMembership>> results = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			OrganizationMembershipResource data = batch.get(i);
			MemberIds ids = page.get(i);
			Member member = member(data, ids, rows);
			results.add(write(data, true, member, rows.membership(ids), (membership) -> {
				OrganizationMembership saved = this.entities.save(membership);
				rows.membership(saved);
				evict(saved);
				return saved;
			}, recount));
		}
		this.entities.flush();
		recountMembers(recount.values());
		return results;
	}

	/**
	 * The membership's organization and user from the page's rows: one not stored yet, or
	 * an organization stored from a reference alone, is stored as a single membership's
	 * would be.
	 */
	private Member member(OrganizationMembershipResource data, MemberIds ids, MembershipRows rows) {
		Organization organization = rows.organization(ids.organizationId());
		if (organization == null || organization.isSyncPending()) {
			organization = storedOrganization(Objects.requireNonNull(data.organization()));
			rows.organization(organization);
		}
		ClerkUser user = rows.user(ids.userId());
		if (user == null && !organization.isDeleted()) {
			user = storedUser(ids, Objects.requireNonNull(data.publicUserData()));
			rows.user(user);
		}
		return new Member(organization, user, ids);
	}

	private SyncResult<OrganizationMembership> upsertMembership(OrganizationMembershipResource data, boolean listed) {
		Member member = member(data);
		lock(member.key());
		Map<String, Organization> recount = new LinkedHashMap<>(1);
		SyncResult<OrganizationMembership> result = write(data, listed, member, find(data, member), this::save,
				recount);
		recountMembers(recount.values());
		return result;
	}

	/**
	 * Applies membership data to the stored membership of its user in its organization,
	 * or to a new one, and saves it; its organization, when its members are to be
	 * recounted, is put in {@code recount} by Clerk id.
	 */
	private SyncResult<OrganizationMembership> write(OrganizationMembershipResource data, boolean listed, Member member,
			@Nullable OrganizationMembership membership, UnaryOperator<OrganizationMembership> save,
			Map<String, Organization> recount) {
		String record = "membership " + data.id();
		Instant updatedAt = OrganizationConstraints.orderingTime(record, data.updatedAt());
		String role = OrganizationConstraints.role(record, data.role());
		OrganizationConstraints.permissions(record, data.permissions());
		if (member.organization().isDeleted()) {
			// Clerk ends an organization's memberships with it: later data is ignored.
			return new SyncResult<>(Outcome.IGNORED_DELETED, membership);
		}
		if (membership != null && !ClerkSyncState.isNewer(updatedAt, orderedAfter(data, membership))
				&& !(listed && isAnotherMembershipOfTheSameDate(data, updatedAt, membership))) {
			if (listed && isSameRevisionWithOtherRights(data, role, membership)) {
				membership.setRole(role);
				membership.setPermissions(permissionsOf(data));
				return SyncResult.of(Outcome.UPDATED, save.apply(membership));
			}
			return SyncResult.of(membership.isActive() ? Outcome.STALE : Outcome.IGNORED_DELETED, membership);
		}
		boolean created = membership == null || !membership.isActive();
		if (membership == null) {
			membership = new OrganizationMembership(member.organization(), Objects.requireNonNull(member.user()));
		}
		membership.setClerkId(member.ids().membershipId());
		membership.setRole(role);
		membership.setPermissions(permissionsOf(data));
		setMetadata(data.publicMetadata(), membership::setPublicMetadata);
		setMetadata(data.privateMetadata(), membership::setPrivateMetadata);
		Instant joinedAt = OrganizationConstraints.cosmeticTime(record, "created_at", data.createdAt());
		if (joinedAt != null) {
			membership.setJoinedAt(joinedAt);
		}
		membership.setClerkUpdatedAt(updatedAt);
		membership.setDeletedAt(null);
		OrganizationMembership saved = save.apply(membership);
		recount.put(member.organization().getClerkId(), member.organization());
		return SyncResult.of(created ? Outcome.CREATED : Outcome.UPDATED, saved);
	}

	/**
	 * Removes a membership: a tombstone dated by the removal. The removal of the stored
	 * membership always applies, whatever its date: a membership id names one membership,
	 * and Clerk never restores a removed one (adding the user again makes a new id). The
	 * removal of another membership of the same user and organization applies when it is
	 * later than the stored membership's data, as that membership's data would, and the
	 * row becomes the removed membership's tombstone, so that its late creation finds it
	 * removed: the row then carries the removed membership's id, which may not be the one
	 * created (a user added again whose events came out of order), and a user who was out
	 * already is not removed again: the tombstone is {@code UPDATED}, not
	 * {@code DELETED}. A removal of a membership not stored leaves a tombstone,
	 * {@code CREATED}: the user was never a member here, so nothing was removed.
	 * @param data the membership
	 * @param deletedAt when it was removed
	 * @return what was done
	 */
	@Transactional
	public SyncResult<OrganizationMembership> deleteMembership(OrganizationMembershipResource data, Instant deletedAt) {
		Assert.notNull(deletedAt, "deletedAt must not be null");
		Member member = member(data);
		lock(member.key());
		String membershipId = require(data.id(), "membership id");
		OrganizationMembership membership = find(data, member);
		if (member.organization().isDeleted()) {
			// Clerk ends an organization's memberships with it: later data is ignored.
			return new SyncResult<>(Outcome.IGNORED_DELETED, membership);
		}
		boolean wasMember = membership != null && membership.isActive();
		boolean stored = membership != null;
		if (membership == null) {
			membership = new OrganizationMembership(member.organization(), Objects.requireNonNull(member.user()));
		}
		else if (membershipId.equals(membership.getClerkId())) {
			if (!membership.isActive()) {
				return SyncResult.of(Outcome.IGNORED_DELETED, membership);
			}
		}
		else if (!ClerkSyncState.isNewer(deletedAt, orderedAfter(data, membership))) {
			return SyncResult.of(membership.isActive() ? Outcome.STALE : Outcome.IGNORED_DELETED, membership);
		}
		if (!membershipId.equals(membership.getClerkId())) {
			membership.setClerkId(membershipId);
			membership.setRole(tombstoneRole(data.role()));
			membership.setPermissions(permissionsOf(data));
			membership.setClerkUpdatedAt(
					OrganizationConstraints.orderingTime("membership " + membershipId, data.updatedAt()));
		}
		membership.setDeletedAt(deletedAt);
		OrganizationMembership saved = save(membership);
		if (!wasMember) {
			// The user was no member here: out already (the tombstone is the later
			// membership's now), or never in (a removal arriving before its creation,
			// whose tombstone makes the late creation stale). A change, but no removal.
			return SyncResult.of(stored ? Outcome.UPDATED : Outcome.CREATED, saved);
		}
		recountMembers(List.of(member.organization()));
		return SyncResult.of(Outcome.DELETED, saved);
	}

	/**
	 * Removes the local memberships of an organization that Clerk no longer has (after a
	 * full listing), and recounts its members.
	 * @param organizationClerkId the organization's Clerk id
	 * @param currentMembershipIds the membership ids Clerk listed
	 * @param listedAt when the listing started; memberships stored after it, or whose
	 * Clerk data is not older than it, are kept
	 * @return how many memberships were removed
	 */
	@Transactional
	public int removeMembershipsNotIn(String organizationClerkId, Set<String> currentMembershipIds, Instant listedAt) {
		return remove(organizationClerkId, (membership) -> !currentMembershipIds.contains(membership.getClerkId()),
				listedAt);
	}

	/**
	 * Removes memberships of an organization that Clerk no longer has (found gone by a
	 * reconcile), and recounts its members. A stored membership that is not among them is
	 * kept, whatever it is: one that came back while reconcile ran (the user added again,
	 * its webhook late) was never found gone.
	 * @param organizationClerkId the organization's Clerk id
	 * @param goneMembershipIds the ids of the memberships Clerk no longer has
	 * @param listedAt when the listing started; memberships stored after it, or whose
	 * Clerk data is not older than it, are kept
	 * @return how many memberships were removed
	 */
	@Transactional
	public int removeMemberships(String organizationClerkId, Set<String> goneMembershipIds, Instant listedAt) {
		return remove(organizationClerkId, (membership) -> goneMembershipIds.contains(membership.getClerkId()),
				listedAt);
	}

	private int remove(String organizationClerkId, Predicate<OrganizationMembership> gone, Instant listedAt) {
		Assert.notNull(listedAt, "listedAt must not be null");
		// The recount writes the organization: after its other writers, as read after
		// them.
		lock(organizationClerkId);
		Organization organization = this.organizations.findByClerkId(organizationClerkId)
			.orElseThrow(() -> new IllegalArgumentException("No organization " + organizationClerkId + " is stored"));
		int removed = 0;
		for (OrganizationMembership membership : this.memberships.findActiveByOrganization(organization)) {
			// A row whose Clerk data is not older than the listing holds a membership
			// added since (the user added again, its webhook stored after reconcile
			// looked): Clerk has it.
			if (gone.test(membership) && membership.getCreatedAt().isBefore(listedAt)
					&& ClerkSyncState.isNewer(listedAt, membership.getClerkUpdatedAt())) {
				membership.setDeletedAt(listedAt);
				save(membership);
				removed++;
			}
		}
		if (removed > 0) {
			recountMembers(List.of(organization));
		}
		return removed;
	}

	// invitations

	/**
	 * Creates or updates an invitation; its organization is created when not stored yet.
	 * @param data the invitation
	 * @param status the status the event implies ({@code accepted} for
	 * {@code organizationInvitation.accepted}), or {@code null} to take the payload's
	 * @return what was done
	 */
	@Transactional
	public SyncResult<OrganizationInvitation> upsertInvitation(OrganizationInvitationResource data,
			@Nullable InvitationStatus status) {
		String clerkId = require(data.id(), "invitation id");
		String record = "invitation " + clerkId;
		Instant updatedAt = OrganizationConstraints.orderingTime(record, data.updatedAt());
		String emailAddress = OrganizationConstraints.invitationAddress(record, data.emailAddress());
		String role = OrganizationConstraints.role(record, data.role());
		InvitationStatus incoming = statusOf(data, status);
		Organization organization = ensureOrganization(require(data.organizationId(), "invitation organization_id"));
		lock(clerkId);
		OrganizationInvitation invitation = this.invitations.findByClerkId(clerkId).orElse(null);
		if (organization.isDeleted()) {
			// Clerk ends an organization's invitations with it: later data is ignored.
			return new SyncResult<>(Outcome.IGNORED_DELETED, invitation);
		}
		if (invitation != null && !invitation.accepts(incoming, updatedAt)) {
			return SyncResult.of(Outcome.STALE, invitation);
		}
		boolean created = invitation == null;
		if (invitation == null) {
			invitation = new OrganizationInvitation(clerkId, organization);
		}
		invitation.setEmailAddress(emailAddress);
		invitation.setRole(role);
		invitation.setStatus(incoming);
		invitation.setUrl(OrganizationConstraints.invitationUrl(record, data.url()));
		invitation.setExpiresAt(OrganizationConstraints.cosmeticTime(record, "expires_at", data.expiresAt()));
		if (data.inviterId() != null) {
			invitation.setInviter(this.users.findByClerkId(data.inviterId()).orElse(null));
		}
		setMetadata(data.publicMetadata(), invitation::setPublicMetadata);
		setMetadata(data.privateMetadata(), invitation::setPrivateMetadata);
		Instant createdAt = OrganizationConstraints.cosmeticTime(record, "created_at", data.createdAt());
		if (createdAt != null) {
			invitation.setClerkCreatedAt(createdAt);
		}
		invitation.setClerkUpdatedAt(updatedAt);
		OrganizationInvitation saved = this.entities.saveAndFlush(invitation);
		recount(Count.PENDING_INVITATIONS, List.of(organization));
		return SyncResult.of(created ? Outcome.CREATED : Outcome.UPDATED, saved);
	}

	// helpers

	/**
	 * A membership's organization and user, stored, and their Clerk ids; the user is
	 * {@code null} when the organization is deleted (its later data is ignored, and
	 * stores nothing).
	 */
	private record Member(Organization organization, @Nullable ClerkUser user, MemberIds ids) {

		String key() {
			return this.ids.key();
		}

	}

	private Member member(OrganizationMembershipResource data) {
		MemberIds ids = MemberIds.of(data);
		// The membership's writes recount the organization's members and write the
		// organization: they wait for its other writers (a deletion, an update) and read
		// it after them. The locks are taken in one order: organization, user,
		// membership.
		lock(ids.organizationId());
		Organization organization = this.organizations.findByClerkId(ids.organizationId())
			.filter((found) -> !found.isSyncPending())
			.orElseGet(() -> storedOrganization(Objects.requireNonNull(data.organization())));
		ClerkUser user = organization.isDeleted() ? null
				: storedUser(ids, Objects.requireNonNull(data.publicUserData()));
		return new Member(organization, user, ids);
	}

	/**
	 * Stores the organization a membership names from the membership's data of it.
	 */
	private Organization storedOrganization(OrganizationResource data) {
		return upsertOrganization(data).valueIfPresent()
			.orElseThrow(() -> new IllegalStateException("Organization " + data.id() + " not stored"));
	}

	/**
	 * The user a membership names, stored from the membership's public data of it when it
	 * is not stored yet.
	 */
	private ClerkUser storedUser(MemberIds ids, PublicUserDataResource data) {
		return this.userSynchronizer.ensureUser(ids.userId(), data.firstName(), data.lastName(), data.imageUrl());
	}

	/**
	 * Whether listed data is the stored membership's own revision with another role or
	 * other permissions: a change to the role's permissions in Clerk, which moves no
	 * {@code updated_at}.
	 */
	private static boolean isSameRevisionWithOtherRights(OrganizationMembershipResource data, String role,
			OrganizationMembership stored) {
		return stored.isActive() && require(data.id(), "membership id").equals(stored.getClerkId())
				&& Objects.equals(data.updatedAtInstant(), stored.getClerkUpdatedAt())
				&& (!role.equals(stored.getRole()) || !permissionsOf(data).equals(stored.getPermissions()));
	}

	/**
	 * Whether listed data is of another membership of the user and organization than the
	 * stored one, dated as the stored one's data: Clerk has one membership of a user in
	 * an organization at a time, so the listed one is the current one, the stored one
	 * removed. Clerk dates a new membership after the one it replaces; data that does not
	 * (made by hand, or a test's defaults) is otherwise lost for good.
	 */
	private static boolean isAnotherMembershipOfTheSameDate(OrganizationMembershipResource data, Instant updatedAt,
			OrganizationMembership stored) {
		return !require(data.id(), "membership id").equals(stored.getClerkId())
				&& updatedAt.equals(orderedAfter(data, stored));
	}

	private static List<String> permissionsOf(OrganizationMembershipResource data) {
		return (data.permissions() != null) ? data.permissions() : List.of();
	}

	/**
	 * The time that membership data must be after to apply. Data of another membership of
	 * the same user and organization, where the stored one was removed, is of the user
	 * added again when it is newer than the removed membership's own data: its removal
	 * may be dated later (by a sync that listed after the user was added again). Any
	 * other data must be newer than the stored membership's data and its removal. So a
	 * late event of an earlier membership never brings back a removed one.
	 */
	private static @Nullable Instant orderedAfter(OrganizationMembershipResource data, OrganizationMembership stored) {
		boolean anotherMembership = !require(data.id(), "membership id").equals(stored.getClerkId());
		if (!stored.isActive() && anotherMembership && stored.getClerkUpdatedAt() != null) {
			return stored.getClerkUpdatedAt();
		}
		return stored.version();
	}

	private @Nullable OrganizationMembership find(OrganizationMembershipResource data, Member member) {
		Optional<OrganizationMembership> byPair = this.memberships.findMembership(member.organization().getClerkId(),
				member.ids().userId());
		if (byPair.isPresent()) {
			return byPair.get();
		}
		return this.memberships.findByClerkId(require(data.id(), "membership id")).orElse(null);
	}

	private static InvitationStatus statusOf(OrganizationInvitationResource data, @Nullable InvitationStatus status) {
		if (status != null) {
			return status;
		}
		try {
			return InvitationStatus.of(data.status());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedClerkDataException("Unknown invitation status '" + data.status() + "'");
		}
	}

	private Organization ensureOrganization(String clerkId) {
		lock(clerkId);
		return this.organizations.findByClerkId(clerkId).orElseGet(() -> {
			Organization placeholder = new Organization(clerkId);
			placeholder.sync().pending();
			logger.info("Stored organization " + clerkId + " from a reference; its data will follow");
			return save(placeholder);
		});
	}

	/**
	 * Recounts the active members of organizations from the local rows
	 * ({@link OrganizationCounts}); an organization is written (and its cache entries
	 * dropped) only when its count changed.
	 */
	private void recountMembers(Collection<Organization> organizations) {
		recount(Count.MEMBERS, organizations);
	}

	private void recount(Count count, Collection<Organization> organizations) {
		this.counts.recount(count, organizations).forEach(this.cache::evictOrganization);
	}

	private Organization save(Organization organization) {
		Organization saved = this.entities.saveAndFlush(organization);
		this.cache.evictOrganization(saved.getClerkId());
		return saved;
	}

	private OrganizationMembership save(OrganizationMembership membership) {
		OrganizationMembership saved = this.entities.saveAndFlush(membership);
		evict(saved);
		return saved;
	}

	private void evict(OrganizationMembership membership) {
		String userClerkId = membership.getUser().getClerkId();
		if (userClerkId != null) {
			this.cache.evictMembership(membership.getOrganization().getClerkId(), userClerkId);
		}
	}

	private void lock(String key) {
		this.locks.lock(LOCK_NAMESPACE, key);
	}

	/**
	 * The role a removed membership's tombstone keeps, which decides nothing: Clerk's, or
	 * the default one when Clerk's is missing or does not fit.
	 */
	private static String tombstoneRole(@Nullable String role) {
		return (StringUtils.hasText(role) && PostgresText.length(role) <= OrganizationConstraints.MAX_ROLE_LENGTH)
				? role : OrganizationMembership.DEFAULT_ROLE;
	}

	private static String require(@Nullable String value, String what) {
		return OrganizationConstraints.clerkId(what, value);
	}

	/**
	 * Sets metadata Clerk sent, without the NUL characters PostgreSQL cannot store; left
	 * as it is when Clerk sent none.
	 */
	private static void setMetadata(@Nullable Map<String, @Nullable Object> metadata,
			Consumer<Map<String, @Nullable Object>> setter) {
		Map<String, @Nullable Object> storable = OrganizationConstraints.metadata(metadata);
		if (storable != null) {
			setter.accept(storable);
		}
	}

}
