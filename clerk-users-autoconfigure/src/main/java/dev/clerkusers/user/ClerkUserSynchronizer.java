package dev.clerkusers.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.SyncResult.Outcome;
import dev.clerkusers.mirror.SyncResult;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Applies Clerk's data to the local users: webhooks, first sign-ins, bulk syncs and
 * deletions all write through it.
 * <p>
 * Rules kept by every write:
 * <ul>
 * <li><b>Linking</b>: data for a Clerk id that is not stored yet is linked to an existing
 * account only through the Clerk user's <em>verified primary</em> email, never through a
 * username or an unverified address. A Clerk id stored only as a placeholder (sync
 * pending) is linked the same way: the placeholder is merged into the account
 * ({@link ClerkUserReferences}).</li>
 * <li><b>Ordering guard</b>: data whose {@code updated_at} is not newer than the stored
 * one is ignored ({@link ClerkSyncState}).</li>
 * <li><b>Tombstones</b>: a user deleted in Clerk stays deleted; later data for that Clerk
 * id is ignored. A new Clerk user with the verified email of a deleted account takes that
 * account over and reactivates it, without its local password and its staff and superuser
 * rights; the deleted Clerk id keeps a tombstone row of its own.</li>
 * <li><b>One row per Clerk id</b>: writes for one Clerk id are serialized with a
 * PostgreSQL advisory lock held until the transaction ends, so a first sign-in racing a
 * webhook, or two application instances, end with one row.</li>
 * <li><b>One address, one user</b>: a verified address or a username that Clerk gave
 * another Clerk user whose data is older moves to the user whose data says so now; a
 * local account's address, and a username Clerk never gave its holder (a generated one,
 * or one the application or a migration set), never move. Writes of one address or one
 * username take turns as writes of one Clerk id do (the locks of the values Clerk's data
 * gives are taken with the Clerk ids'), so two Clerk users of one address delivered at
 * once do not fail on the unique index.</li>
 * <li><b>Bad input</b> throws a {@link ClerkUserException} or a
 * {@link MalformedClerkDataException} and changes nothing (inside the caller's
 * transaction, which it joins, it marks that transaction rollback-only, as any
 * {@code @Transactional} method's exception does).</li>
 * </ul>
 * Every change to a stored user evicts its {@link ClerkUserCache} entry, at once and
 * after commit, here and on the other instances; a new user has no entry to evict
 * anywhere, so its creation sends nothing.
 */
public class ClerkUserSynchronizer {

	private static final Log logger = LogFactory.getLog(ClerkUserSynchronizer.class);

	private final UserWrites writes;

	private final ClerkUserRepository repository;

	private final EntityManager entityManager;

	private final UsernamePolicy usernamePolicy;

	private final Clock clock;

	private Supplier<List<ClerkUserReferences>> references = List::of;

	/**
	 * Creates the synchronizer.
	 * @param repository the user repository
	 * @param cache the user cache, evicted on every write
	 * @param locks the advisory locks
	 * @param entityManager a shared entity manager, for batched writes
	 * @param usernamePolicy whether and how usernames are generated for Clerk users
	 * without one
	 * @param clock the clock for tombstones dated now
	 */
	public ClerkUserSynchronizer(ClerkUserRepository repository, ClerkUserCache cache, AdvisoryLocks locks,
			EntityManager entityManager, UsernamePolicy usernamePolicy, Clock clock) {
		this.writes = new UserWrites(cache, locks, entityManager);
		this.repository = repository;
		this.entityManager = entityManager;
		this.usernamePolicy = usernamePolicy;
		this.clock = clock;
	}

	/**
	 * Sets what moves the rows pointing at a placeholder when it is merged into the local
	 * account of its verified email (default: nothing to move).
	 * @param references the references, read when a merge happens
	 */
	public void setReferences(Supplier<List<ClerkUserReferences>> references) {
		this.references = references;
	}

	/**
	 * Creates or updates the user described by Clerk's data, keeping the rules in the
	 * class description.
	 * @param data the Clerk user
	 * @return what was done
	 * @throws MalformedClerkDataException when the data has no id
	 * @throws InvalidUserException when the Clerk id is padded or longer than its column
	 * (other over-long values are cut or left out: see the class description)
	 */
	@Transactional
	public SyncResult<ClerkUser> upsertFromClerk(UserResource data) {
		Assert.notNull(data, "data must not be null");
		return upsertAllFromClerk(List.of(data)).get(0);
	}

	/**
	 * Creates or updates many users in one transaction, with the same rules as
	 * {@link #upsertFromClerk(UserResource)}, for bulk syncs: the rows concerned are read
	 * with a few queries for the whole batch and written in JDBC batches. Every user is
	 * validated first: one that is malformed fails the call and nothing is stored.
	 * @param batch the Clerk users
	 * @return what was done with each, in order
	 * @throws MalformedClerkDataException when one has no id
	 * @throws InvalidUserException when the Clerk id of one is padded or longer than its
	 * column (other over-long values are cut or left out)
	 */
	@Transactional
	public List<SyncResult<ClerkUser>> upsertAllFromClerk(List<UserResource> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		List<String> clerkIds = new ArrayList<>(batch.size());
		List<UserResource> fitted = new ArrayList<>(batch.size());
		for (UserResource data : batch) {
			clerkIds.add(UserConstraints.validate(data));
			fitted.add(UserConstraints.fit(data));
		}
		batch = fitted;
		UserBatch.Keys keys = UserBatch.Keys.of(batch);
		this.writes.lockAll(keys);
		UserBatch rows = UserBatch.load(this.repository, this.entityManager.unwrap(Session.class), keys);
		List<SyncResult<ClerkUser>> results = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			results.add(upsert(clerkIds.get(i), batch.get(i), rows));
		}
		this.writes.flushBatched();
		this.writes.evictAll(rows.touchedClerkIds());
		return results;
	}

	private SyncResult<ClerkUser> upsert(String clerkId, UserResource data, UserBatch rows) {
		ClerkUser existing = rows.byClerkId(clerkId);
		ClerkUser candidate = linkCandidate(data, rows);
		if (existing != null) {
			if (existing.isSyncPending() && candidate != null && candidate != existing
					&& (candidate.getClerkId() == null || candidate.isDeleted())) {
				return merge(existing, candidate, clerkId, data, rows);
			}
			return update(existing, data, rows);
		}
		if (candidate != null) {
			return link(clerkId, candidate, data, rows);
		}
		return create(clerkId, data, rows);
	}

	/**
	 * The row holding the Clerk user's verified primary email, the only way to link.
	 */
	private static @Nullable ClerkUser linkCandidate(UserResource data, UserBatch rows) {
		EmailAddressResource primary = data.primaryEmailAddress().orElse(null);
		if (primary != null && primary.isVerified() && primary.emailAddress() != null) {
			return rows.byEmail(primary.emailAddress());
		}
		return null;
	}

	/**
	 * Merges the placeholder of a Clerk user, stored before its data arrived, into the
	 * local account of its verified primary email: the rows pointing at the placeholder
	 * move to the account ({@link ClerkUserReferences}), the account keeps the later of
	 * the two sign-ins and sign-outs, the placeholder is deleted, and the account is
	 * linked as it would have been without the placeholder.
	 */
	private SyncResult<ClerkUser> merge(ClerkUser placeholder, ClerkUser account, String clerkId, UserResource data,
			UserBatch rows) {
		logger.info("Merging the placeholder of Clerk user " + clerkId + " into local account " + account.getUid()
				+ " through its verified primary email");
		// The deleted Clerk user's rows leave the account before the placeholder's move
		// in: a membership of the same organization is the deleted user's, not the
		// account's.
		String deletedClerkId = account.isDeleted() ? vacate(account, clerkId, rows) : null;
		for (ClerkUserReferences references : this.references.get()) {
			this.writes.withLockTimeout(() -> references.move(placeholder, account));
		}
		// A session event of the user stored its times on the placeholder.
		keepLater(account, placeholder.getLastLogin(), ClerkUser::getLastLogin, ClerkUser::setLastLogin);
		keepLater(account, placeholder.getLastLogout(), ClerkUser::getLastLogout, ClerkUser::setLastLogout);
		rows.forget(placeholder);
		this.writes.remove(placeholder);
		// Deleted before the account takes its Clerk id (one row per Clerk id).
		this.entityManager.flush();
		if (deletedClerkId != null) {
			return reactivate(clerkId, account, deletedClerkId, data, rows);
		}
		return link(clerkId, account, data, rows);
	}

	private SyncResult<ClerkUser> create(String clerkId, UserResource data, UserBatch rows) {
		ClerkUser user = new ClerkUser();
		user.setClerkId(clerkId);
		apply(user, data, rows);
		generateUsername(user, rows);
		rows.created(user);
		return SyncResult.of(Outcome.CREATED, this.writes.persist(user));
	}

	/**
	 * Gives a row that a Clerk user takes without a username (created, or a local account
	 * linked or taken over) a generated one, when usernames are generated: once, as the
	 * Clerk user's row is first stored, never on its later changes.
	 */
	private void generateUsername(ClerkUser user, UserBatch rows) {
		if (user.getUsername() == null) {
			String generated = this.usernamePolicy.generate(this.repository);
			if (generated != null) {
				rows.usernameChanged(user, generated);
				user.setUsername(generated);
			}
		}
	}

	private SyncResult<ClerkUser> update(ClerkUser user, UserResource data, UserBatch rows) {
		if (user.isDeleted()) {
			return SyncResult.of(Outcome.IGNORED_DELETED, user);
		}
		if (!user.sync().accepts(data.updatedAtInstant())) {
			if (takeWithheld(user, data, rows)) {
				rows.touched(user);
				return SyncResult.of(Outcome.UPDATED, user);
			}
			return SyncResult.of(Outcome.STALE, user);
		}
		apply(user, data, rows);
		rows.touched(user);
		return SyncResult.of(Outcome.UPDATED, user);
	}

	/**
	 * Gives a user, from data of the revision its row stands for (a sync's listing, a
	 * redelivery), the address or username Clerk gives it that the row was stored
	 * without, because another row held the value then: freed since, the value is taken
	 * as that data's first arrival would have taken it. Otherwise the row would do
	 * without it until the user's next change in Clerk, a sync notwithstanding. Only the
	 * library writes a Clerk user's address and username, so a row whose value differs
	 * from its revision's was kept from it. A value still held is not warned of again:
	 * the revision's first arrival did.
	 * @return whether the row took a value
	 */
	private boolean takeWithheld(ClerkUser user, UserResource data, UserBatch rows) {
		Instant updatedAt = data.updatedAtInstant();
		if (updatedAt == null || !updatedAt.equals(user.getClerkUpdatedAt()) || user.isSyncPending()) {
			return false;
		}
		boolean took = false;
		String email = chooseEmail(data);
		if (email != null && !email.equals(user.getEmail())) {
			assign(UniqueColumn.EMAIL, email, user, data, rows, false);
			took = email.equals(user.getEmail());
		}
		String username = data.username();
		if (StringUtils.hasText(username) && !username.equals(user.getUsername())) {
			assign(UniqueColumn.USERNAME, username, user, data, rows, false);
			if (username.equals(user.getUsername())) {
				user.setClerkUsername(username, data.updatedAtInstant());
				took = true;
			}
		}
		return took;
	}

	private SyncResult<ClerkUser> link(String clerkId, ClerkUser candidate, UserResource data, UserBatch rows) {
		if (candidate.getClerkId() == null) {
			claim(candidate, clerkId);
			logger.info("Linking local account " + candidate.getUid() + " to Clerk user " + clerkId
					+ " through its verified primary email"
					+ (candidate.isActive() ? "" : ", without the password and rights it had while switched off"));
			candidate.linkTo(clerkId);
			apply(candidate, data, rows);
			generateUsername(candidate, rows);
			rows.stored(candidate);
			return SyncResult.of(Outcome.LINKED, candidate);
		}
		if (candidate.isDeleted()) {
			return reactivate(clerkId, candidate, vacate(candidate, clerkId, rows), data, rows);
		}
		// Another Clerk user holds the address. When its data is newer (the address moved
		// to it, and this user's data arrives late), the user is stored without the
		// address: it exists in Clerk all the same.
		return create(clerkId, data, rows);
	}

	/**
	 * Gives a deleted Clerk user's account, vacated, to a new Clerk user with its
	 * verified email.
	 */
	private SyncResult<ClerkUser> reactivate(String clerkId, ClerkUser account, String deletedClerkId,
			UserResource data, UserBatch rows) {
		logger.info("Reactivating deleted account " + account.getUid() + " of Clerk user " + deletedClerkId
				+ " for new Clerk user " + clerkId + " with the same verified email, without its password and rights");
		// Inactive since its deletion: linked without its password and rights.
		account.linkTo(clerkId);
		apply(account, data, rows);
		generateUsername(account, rows);
		rows.stored(account);
		return SyncResult.of(Outcome.REACTIVATED, account);
	}

	/**
	 * Takes a deleted Clerk user's account from it, for a new Clerk user to take: the
	 * deleted user keeps a tombstone row of its own, so that its late events stay
	 * ignored, and what it held through the account goes with it, ended
	 * ({@link ClerkUserReferences#reassigned(ClerkUser, ClerkUser)}), so that its late
	 * events find what it held. The account is left without a Clerk id.
	 * @return the deleted Clerk user's id
	 */
	private String vacate(ClerkUser account, String clerkId, UserBatch rows) {
		claim(account, clerkId);
		String deletedClerkId = Objects.requireNonNull(account.getClerkId());
		// The deleted user's writers (a late membership event) find the account under its
		// id until this commits: they are waited for, and wait, so that what they store
		// goes with the deleted user, never to the account's new Clerk user.
		this.writes.lock(deletedClerkId);
		Instant deletedAt = account.sync().getDeletedAt();
		rows.forget(account);
		account.unlink();
		account.sync().reset();
		// The account leaves the Clerk id before the tombstone takes it (one row per
		// Clerk id).
		this.entityManager.flush();
		ClerkUser tombstone = new ClerkUser();
		tombstone.setClerkId(deletedClerkId);
		tombstone.setActive(false);
		tombstone.sync().deleted((deletedAt != null) ? deletedAt : this.clock.instant());
		rows.created(tombstone);
		this.writes.persist(tombstone);
		this.entityManager.flush();
		for (ClerkUserReferences references : this.references.get()) {
			this.writes.withLockTimeout(() -> references.reassigned(account, tombstone));
		}
		return deletedClerkId;
	}

	/**
	 * Locks the row of an account a Clerk user is about to take, and checks that it is
	 * still as it was read: unlinked (or linked to the same deleted Clerk user), with the
	 * same address, password and rights, and active or not as it was (an account switched
	 * off meanwhile is linked without its password and rights, and one given a password
	 * or a right meanwhile is linked on what is committed). Two Clerk users whose data
	 * shows the same address (one has moved on in Clerk, its change not arrived yet) take
	 * it each under the lock of its own Clerk id; without this, the second would link the
	 * account over the first's committed link, and the first would have no row. The
	 * second finds it taken instead, and is stored again on what is committed, as it
	 * would be a moment later.
	 */
	private void claim(ClerkUser account, String clerkId) {
		String linkedTo = account.getClerkId();
		Query claim = this.entityManager
			.createNativeQuery("select id from clerk_users where id = :id and email = :email and is_active = :active"
					+ " and password is not distinct from cast(:password as text) and is_staff = :staff"
					+ " and is_superuser = :superuser and "
					+ ((linkedTo != null) ? "clerk_id = :linkedTo" : "clerk_id is null") + " for no key update")
			.setParameter("id", account.getId())
			.setParameter("email", account.getEmail())
			.setParameter("active", account.isActive())
			.setParameter("password", account.getPassword())
			.setParameter("staff", account.isStaff())
			.setParameter("superuser", account.isSuperuser());
		if (linkedTo != null) {
			claim.setParameter("linkedTo", linkedTo);
		}
		// The row is another record's, whose lock is not taken here: a writer of it that
		// hangs is waited for at most the lock timeout.
		if (this.writes.withLockTimeout(claim::getResultList).isEmpty()) {
			throw new DuplicateUserException(UniqueColumn.EMAIL.field,
					"The local account " + account.getUid() + " of the verified email of Clerk user " + clerkId
							+ " was changed by another writer meanwhile; store it again");
		}
	}

	/**
	 * Copies Clerk's data onto a row. A value that would collide with another row (email,
	 * username) moves only from another Clerk user that Clerk gave it and whose data is
	 * older (see {@link #assign}); otherwise the row keeps its stored value, and the
	 * collision is logged: Clerk data never takes over a local account's value, nor one
	 * Clerk never gave.
	 */
	private void apply(ClerkUser user, UserResource data, UserBatch rows) {
		user.setFirstName(data.firstName());
		user.setLastName(data.lastName());
		user.setImageUrl(data.imageUrl());
		String email = chooseEmail(data);
		if (email == null && user.getEmail() != null) {
			// Clerk lists no verified address of the user any more: neither does the row.
			clear(UniqueColumn.EMAIL, user, rows);
		}
		if (email != null && !email.equals(user.getEmail())) {
			assign(UniqueColumn.EMAIL, email, user, data, rows);
			String kept = user.getEmail();
			if (!email.equals(kept) && kept != null && !data.hasVerifiedEmail(kept)) {
				// Clerk's address was kept from the user, and the stored one is no longer
				// the user's in Clerk: the row has none.
				clear(UniqueColumn.EMAIL, user, rows);
			}
		}
		String username = data.username();
		if (!StringUtils.hasText(username) && user.getUsername() != null
				&& UniqueColumn.USERNAME.givenByClerk(user, user.getUsername())) {
			// The user let its username go in Clerk: so does the row. One Clerk never
			// gave it (the application's, a generated one) stays.
			clear(UniqueColumn.USERNAME, user, rows);
			user.setClerkUsername(null, data.updatedAtInstant());
		}
		if (StringUtils.hasText(username) && !username.equals(user.getUsername())) {
			assign(UniqueColumn.USERNAME, username, user, data, rows);
		}
		if (StringUtils.hasText(username) && username.equals(user.getUsername())) {
			// Recorded only when the row holds it: a username the row kept because
			// Clerk's new one was held elsewhere is still the one Clerk gave it.
			user.setClerkUsername(username, data.updatedAtInstant());
		}
		if (data.publicMetadata() != null) {
			user.setPublicMetadata(data.publicMetadata());
		}
		if (data.privateMetadata() != null) {
			user.setPrivateMetadata(data.privateMetadata());
		}
		if (data.unsafeMetadata() != null) {
			user.setUnsafeMetadata(data.unsafeMetadata());
		}
		Long lockout = data.lockoutExpiresInSeconds();
		boolean lockedForGood = data.isLocked() && lockout == null;
		user.setActive(!data.isBanned() && !data.isDeprovisioned() && !lockedForGood);
		user.setLockedUntil(
				(data.isLocked() && lockout != null) ? this.clock.instant().plusSeconds(Math.max(0, lockout)) : null);
		user.sync().applied(data.createdAtInstant(), data.updatedAtInstant());
	}

	/**
	 * Takes a user's stored address or username away, at once, so that another user of
	 * the same batch can take it.
	 */
	private void clear(UniqueColumn column, ClerkUser user, UserBatch rows) {
		if (user.getId() != null) {
			this.entityManager.createNativeQuery("update clerk_users set " + column.field + " = null where id = :id")
				.setParameter("id", user.getId())
				.executeUpdate();
		}
		column.released(rows, user);
	}

	/**
	 * Whether another Clerk user's row holds a value only because its own change has not
	 * arrived yet: Clerk gave the row that value, Clerk gives it to one user at a time,
	 * and this data is newer than the row's latest data that gave it the value (not its
	 * deletion: a deleted Clerk user holds nothing in Clerk, whenever its deletion
	 * arrived). A local account without a Clerk user is never such a row: Clerk data
	 * never takes over a local account's email (linking is the only way in). Nor is a row
	 * whose username Clerk never gave it (a generated one, or one the application or a
	 * migration set).
	 */
	private static boolean holdsStale(ClerkUser owner, UniqueColumn column, String value, UserResource data) {
		return owner.getClerkId() != null && !owner.getClerkId().equals(data.id()) && column.givenByClerk(owner, value)
				&& (owner.isSyncPending() || ClerkSyncState.isNewer(data.updatedAtInstant(), column.givenAt(owner)));
	}

	/**
	 * Gives a user an address or a username that Clerk gives one user at a time. A value
	 * Clerk gave another Clerk user whose data is older (its own change has not arrived
	 * yet) moves to this one; one held by newer data, by a local account, or by a row
	 * Clerk never gave it, is kept where it is, and that is logged as a warning.
	 */
	private void assign(UniqueColumn column, String value, ClerkUser user, UserResource data, UserBatch rows) {
		assign(column, value, user, data, rows, true);
	}

	/**
	 * Gives a user an address or a username as
	 * {@link #assign(UniqueColumn, String, ClerkUser, UserResource, UserBatch)} does; a
	 * value kept where it is is logged as a warning only when {@code warnWhenKept}.
	 */
	private void assign(UniqueColumn column, String value, ClerkUser user, UserResource data, UserBatch rows,
			boolean warnWhenKept) {
		ClerkUser owner = column.holder(rows, value);
		if (owner != null && owner != user && holdsStale(owner, column, value, data)) {
			if (!release(owner, column, value)) {
				// Another writer changed that row since it was read here (its own change,
				// which may have taken this user's value): what this transaction read is
				// stale, so it is tried again on what is committed.
				throw new DuplicateUserException(column.field,
						"The " + column.described + " of Clerk user " + data.id() + " was stored on Clerk user "
								+ owner.getClerkId() + ", whose row another writer changed meanwhile; store it again");
			}
			logger.info("The " + column.described + " of Clerk user " + data.id() + " was still stored on Clerk user "
					+ owner.getClerkId() + ", whose data is older; it moved");
			// The row is locked by the release until the transaction ends, and now
			// matches its entity again.
			column.released(rows, owner);
			owner = null;
		}
		if (owner == null || owner == user) {
			column.take(rows, user, value);
		}
		else if (warnWhenKept) {
			logger.warn("Clerk user " + data.id() + " has the " + column.field + " of " + holder(owner, column, value)
					+ "; keeping the stored " + column.field);
		}
	}

	private static String holder(ClerkUser owner, UniqueColumn column, String value) {
		if (owner.getClerkId() == null) {
			return "local user " + owner.getUid();
		}
		if (!column.givenByClerk(owner, value)) {
			return "Clerk user " + owner.getClerkId() + ", which Clerk did not give it";
		}
		return "Clerk user " + owner.getClerkId() + ", whose data is not older";
	}

	/**
	 * A unique column whose value Clerk gives one user at a time: how a value is found,
	 * matched, freed and taken, and whether Clerk gave a row its value.
	 */
	private enum UniqueColumn {

		EMAIL("email", "verified email", "lower(email collate \"C\")") {

			@Override
			@Nullable ClerkUser holder(UserBatch rows, String value) {
				return rows.byEmail(value);
			}

			@Override
			void released(UserBatch rows, ClerkUser owner) {
				rows.emailRemoved(owner);
				owner.setEmail(null);
			}

			@Override
			void take(UserBatch rows, ClerkUser user, String value) {
				rows.emailChanged(user, value);
				user.setEmail(value);
			}

			@Override
			String normalize(String value) {
				return EmailAddressResource.fold(value);
			}

			/**
			 * A Clerk user's stored address is always one of Clerk's verified addresses
			 * of it: linking needs it, and every change sets it from Clerk's data.
			 */
			@Override
			boolean givenByClerk(ClerkUser owner, String value) {
				return true;
			}

		},

		USERNAME("username", "username", "username") {

			@Override
			@Nullable ClerkUser holder(UserBatch rows, String value) {
				return rows.byUsername(value);
			}

			@Override
			void released(UserBatch rows, ClerkUser owner) {
				rows.usernameRemoved(owner);
				owner.setUsername(null);
			}

			@Override
			void take(UserBatch rows, ClerkUser user, String value) {
				rows.usernameChanged(user, value);
				user.setUsername(value);
			}

			@Override
			String normalize(String value) {
				return value;
			}

			@Override
			boolean givenByClerk(ClerkUser owner, String value) {
				return value.equals(owner.getClerkUsername());
			}

			/**
			 * When the latest data that gave the row its username was sent: later data
			 * may have given it none (the user let the name go in Clerk, then changed
			 * something else), and no longer holds it. Rows stored before this was
			 * recorded have their latest data's time.
			 */
			@Override
			@Nullable Instant givenAt(ClerkUser owner) {
				Instant givenAt = owner.getClerkUsernameAt();
				return (givenAt != null) ? givenAt : super.givenAt(owner);
			}

		};

		final String field;

		final String described;

		final String match;

		UniqueColumn(String field, String described, String match) {
			this.field = field;
			this.described = described;
			this.match = match;
		}

		abstract @Nullable ClerkUser holder(UserBatch rows, String value);

		abstract void released(UserBatch rows, ClerkUser owner);

		abstract void take(UserBatch rows, ClerkUser user, String value);

		abstract String normalize(String value);

		abstract boolean givenByClerk(ClerkUser owner, String value);

		/**
		 * When Clerk last gave the row its value: a value moves only to data newer than
		 * that. An address is the row's latest data's, which always sets it; a deletion
		 * gives the row nothing (rows with no data, tombstones alone, have their
		 * deletion's time).
		 */
		@Nullable Instant givenAt(ClerkUser owner) {
			Instant updatedAt = owner.sync().getClerkUpdatedAt();
			return (updatedAt != null) ? updatedAt : owner.sync().version();
		}

	}

	/**
	 * Frees an address or a username held by another row, in the database at once (before
	 * this row takes it), and only while that row is as it was read: a change of it
	 * committed meanwhile keeps the value where it is, and nothing of the entity's stale
	 * state is ever written back. Once freed, the row stays locked until the transaction
	 * ends.
	 */
	private boolean release(ClerkUser owner, UniqueColumn column, String value) {
		Instant updatedAt = owner.getClerkUpdatedAt();
		Query release = this.entityManager
			.createNativeQuery("update clerk_users set " + column.field + " = null where id = :id and " + column.match
					+ " = :value and "
					+ ((updatedAt != null) ? "clerk_updated_at = :updatedAt" : "clerk_updated_at is null"))
			.setParameter("id", owner.getId())
			.setParameter("value", column.normalize(value));
		if (updatedAt != null) {
			release.setParameter("updatedAt", updatedAt);
		}
		// The row is another user's, whose lock is not taken here: a writer of it that
		// hangs is waited for at most the lock timeout.
		return this.writes.withLockTimeout(release::executeUpdate) == 1;
	}

	/**
	 * The email to store for a Clerk user: the primary address when it is verified, else
	 * the first verified one. An address the user has not proven is never stored: as the
	 * local unique email it would block the account of its verified owner. An address
	 * that is not one is passed over.
	 * @param data the Clerk user
	 * @return the normalised email, or {@code null}
	 */
	static @Nullable String chooseEmail(UserResource data) {
		Optional<EmailAddressResource> primary = data.primaryEmailAddress();
		List<EmailAddressResource> candidates = new ArrayList<>();
		primary.ifPresent(candidates::add);
		if (data.emailAddresses() != null) {
			candidates.addAll(data.emailAddresses());
		}
		for (EmailAddressResource address : candidates) {
			if (address.isVerified() && address.emailAddress() != null) {
				try {
					return UserConstraints.normalizeEmail(address.emailAddress());
				}
				catch (InvalidUserException ex) {
					// Without the value: logs carry no email addresses.
					logger.warn("Clerk user " + data.id() + " has a verified address that is not one, or is longer"
							+ " than " + ClerkUser.MAX_EMAIL_LENGTH + " characters; it is left out");
				}
			}
		}
		return null;
	}

	/**
	 * Applies a deletion in Clerk (its {@code user.deleted} event): a soft delete with a
	 * tombstone. The row stays, inactive and without its local password and rights, which
	 * the deletion takes away for good, and later data for this Clerk id is ignored. When
	 * no row exists yet (the deletion arrived before the creation), a tombstone row is
	 * created so that a late {@code user.created} cannot bring the user to life.
	 * @param clerkId the Clerk user id
	 * @param deletedAt when Clerk deleted the user
	 * @return {@link Outcome#DELETED} with the user when a tombstone was set (on a stored
	 * user, or on a new row for a user not stored yet), {@link Outcome#IGNORED_DELETED}
	 * when the user was deleted already
	 */
	@Transactional
	public SyncResult<ClerkUser> deleteFromClerk(String clerkId, Instant deletedAt) {
		Assert.notNull(deletedAt, "deletedAt must not be null");
		return tombstone(clerkId, deletedAt, true);
	}

	/**
	 * Sets a tombstone on the user with this Clerk id, or on a new row; {@code ended}
	 * takes its local password and rights away too.
	 */
	private SyncResult<ClerkUser> tombstone(String clerkId, Instant deletedAt, boolean ended) {
		UserConstraints.requireClerkId(clerkId);
		this.writes.lock(clerkId);
		Optional<ClerkUser> stored = this.repository.findByClerkId(clerkId);
		if (stored.isPresent() && stored.get().isDeleted()) {
			ClerkUser deleted = stored.get();
			if (ended && (deleted.hasPassword() || deleted.isStaff() || deleted.isSuperuser())) {
				// Deactivated before (by a reconcile), not deleted by Clerk: the deletion
				// takes what it takes whatever came before it.
				deleted.endWithClerkUser();
				deleted = this.writes.save(deleted);
			}
			return SyncResult.of(Outcome.IGNORED_DELETED, deleted);
		}
		ClerkUser user = stored.orElseGet(() -> {
			ClerkUser tombstone = new ClerkUser();
			tombstone.setClerkId(clerkId);
			return tombstone;
		});
		if (ended) {
			user.endWithClerkUser();
		}
		else {
			user.setActive(false);
		}
		user.sync().deleted(deletedAt);
		return SyncResult.of(Outcome.DELETED, this.writes.save(user));
	}

	/**
	 * Deactivates the user with this Clerk id with a tombstone dated now, as
	 * {@link #deleteFromClerk(String, Instant)} does, but keeps its local password and
	 * rights: a reconcile's deactivation, or an operator's, may be undone.
	 * @param clerkId the Clerk user id
	 * @return the user
	 */
	@Transactional
	public ClerkUser deactivate(String clerkId) {
		return deactivate(clerkId, this.clock.instant());
	}

	/**
	 * Deactivates the user with this Clerk id with a tombstone, as
	 * {@link #deleteFromClerk(String, Instant)} does, but keeps its local password and
	 * rights: a reconcile's deactivation, or an operator's, may be undone.
	 * @param clerkId the Clerk user id
	 * @param deletedAt when Clerk deleted the user
	 * @return the user
	 */
	@Transactional
	public ClerkUser deactivate(String clerkId, Instant deletedAt) {
		Assert.notNull(deletedAt, "deletedAt must not be null");
		return tombstone(clerkId, deletedAt, false).requiredValue();
	}

	/**
	 * Returns the user with this Clerk id, creating a minimal row marked
	 * {@linkplain ClerkUser#isSyncPending() sync pending} when there is none. Used on a
	 * first sign-in while Clerk's Backend API cannot be reached: the token proves the
	 * user exists, and the profile follows with the next webhook, sign-in or sync.
	 * @param clerkId the Clerk user id from a verified session token
	 * @return the existing or new user
	 */
	@Transactional
	public ClerkUser createPending(String clerkId) {
		UserConstraints.requireClerkId(clerkId);
		return findOrCreatePending(clerkId, (user) -> logger
			.info("Created user " + clerkId + " from its session token; its profile will be completed later"));
	}

	/**
	 * Takes the write locks of many Clerk users in one statement, in one order, until the
	 * transaction ends. A caller that then writes those users one at a time in the same
	 * transaction, as a sync's page of memberships does through
	 * {@link #ensureUser(String, String, String, String)}, waits for no lock while it
	 * holds another user's, so it cannot deadlock with another writer of several users.
	 * @param clerkIds the Clerk user ids
	 * @throws InvalidUserException when an id is blank, padded or longer than its column
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockUsers(Collection<String> clerkIds) {
		clerkIds.forEach(UserConstraints::requireClerkId);
		this.writes.lockAll(clerkIds);
	}

	/**
	 * Returns the user with this Clerk id, creating a row marked
	 * {@linkplain ClerkUser#isSyncPending() sync pending} from a member's public data
	 * when there is none (a membership arrived before its user). The profile is completed
	 * by the user's next webhook, sign-in or sync. The public data never links an
	 * existing account.
	 * @param clerkId the Clerk user id
	 * @param firstName the first name from the public data, or {@code null}
	 * @param lastName the last name from the public data, or {@code null}
	 * @param imageUrl the image URL from the public data, or {@code null}
	 * @return the existing or new user
	 */
	@Transactional
	public ClerkUser ensureUser(String clerkId, @Nullable String firstName, @Nullable String lastName,
			@Nullable String imageUrl) {
		UserConstraints.requireClerkId(clerkId);
		UserResource publicData = UserConstraints.fit(new UserResource(clerkId, null, null, firstName, lastName,
				imageUrl, null, null, null, null, null, null, null, null, null, null, null));
		return findOrCreatePending(clerkId, (user) -> {
			user.setFirstName(publicData.firstName());
			user.setLastName(publicData.lastName());
			user.setImageUrl(publicData.imageUrl());
		});
	}

	private ClerkUser findOrCreatePending(String clerkId, Consumer<ClerkUser> initializer) {
		this.writes.lock(clerkId);
		Optional<ClerkUser> existing = this.repository.findByClerkId(clerkId);
		if (existing.isPresent()) {
			return existing.get();
		}
		ClerkUser user = new ClerkUser();
		user.setClerkId(clerkId);
		user.sync().pending();
		initializer.accept(user);
		return this.writes.saveNew(user);
	}

	/**
	 * Records a Clerk sign-in: sets {@code last_login} unless a later one is stored, or
	 * the user was {@linkplain ClerkUser#isDeleted() deleted} in Clerk (a late delivery
	 * of a sign-in from before the deletion: a deleted record takes no later change). A
	 * user not stored yet (Svix delivers a sign-up's {@code session.created} and
	 * {@code user.created} in either order) is stored as a placeholder,
	 * {@linkplain ClerkUser#isSyncPending() sync pending}, with the time; its data
	 * completes it, as it does a membership's placeholder.
	 * @param clerkId the Clerk user id
	 * @param at when the Clerk session was created
	 * @return the user (unchanged when deleted), or its new placeholder
	 * @throws InvalidUserException when the id is blank, padded or longer than its column
	 */
	@Transactional
	public ClerkUser recordLogin(String clerkId, Instant at) {
		Assert.notNull(at, "at must not be null");
		return recordLatest(clerkId, at, "sign-in", ClerkUser::getLastLogin, ClerkUser::setLastLogin, false);
	}

	/**
	 * Records the end of a Clerk session: sets {@code last_logout} unless a later one is
	 * stored. A user not stored yet is stored as a placeholder with the time, as
	 * {@link #recordLogin(String, Instant)} does.
	 * @param clerkId the Clerk user id
	 * @param at when the Clerk session ended
	 * @return the user, or its new placeholder
	 * @throws InvalidUserException when the id is blank, padded or longer than its column
	 */
	@Transactional
	public ClerkUser recordLogout(String clerkId, Instant at) {
		Assert.notNull(at, "at must not be null");
		return recordLatest(clerkId, at, "sign-out", ClerkUser::getLastLogout, ClerkUser::setLastLogout, true);
	}

	/**
	 * Sets a time of a user's sessions unless a later one is stored, storing a user not
	 * stored yet as a placeholder with it.
	 * @param ofDeleted whether a deleted user's row takes the time too
	 */
	private ClerkUser recordLatest(String clerkId, Instant at, String what,
			Function<ClerkUser, @Nullable Instant> stored, BiConsumer<ClerkUser, Instant> update, boolean ofDeleted) {
		UserConstraints.requireClerkId(clerkId);
		ClerkUser user = findOrCreatePending(clerkId, (placeholder) -> {
			update.accept(placeholder, at);
			logger.info("Stored Clerk user " + clerkId + " for its " + what + ", before its data; its profile will be"
					+ " completed later");
		});
		if (user.isDeleted() && !ofDeleted) {
			return user;
		}
		return keepLater(user, at, stored, update) ? this.writes.save(user) : user;
	}

	/**
	 * Sets a time of a user's sessions unless a later one is stored.
	 * @return whether it was set
	 */
	private static boolean keepLater(ClerkUser user, @Nullable Instant at,
			Function<ClerkUser, @Nullable Instant> stored, BiConsumer<ClerkUser, Instant> update) {
		Instant current = stored.apply(user);
		if (at != null && (current == null || at.isAfter(current))) {
			update.accept(user, at);
			return true;
		}
		return false;
	}

}
