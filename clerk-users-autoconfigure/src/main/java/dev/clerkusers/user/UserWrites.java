package dev.clerkusers.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.EntityWrites;
import jakarta.persistence.EntityManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * How every change reaches {@code clerk_users}: one writer per Clerk id, and per address
 * and username a write stores (advisory locks until the transaction ends), a flush that
 * turns unique-constraint violations into {@link DuplicateUserException}s, and the
 * eviction of the user's cache entry.
 */
final class UserWrites {

	/** First key of the advisory locks on users ("Clrk"). */
	static final int LOCK_NAMESPACE = 0x436C726B;

	private static final Log logger = LogFactory.getLog(UserWrites.class);

	private static final Map<String, String> CONSTRAINT_FIELDS = Map.of("clerk_users_email_key", "email",
			"clerk_users_username_key", "username", "clerk_users_clerk_id_key", "clerk_id", "clerk_users_pkey", "id");

	private final EntityWrites entities;

	private final ClerkUserCache cache;

	private final AdvisoryLocks locks;

	private final EntityManager entityManager;

	UserWrites(ClerkUserCache cache, AdvisoryLocks locks, EntityManager entityManager) {
		this.cache = cache;
		this.locks = locks;
		this.entityManager = entityManager;
		this.entities = new EntityWrites(entityManager);
	}

	void lock(String clerkId) {
		this.locks.lock(LOCK_NAMESPACE, clerkId);
	}

	/**
	 * Holds a user read by the application's change (a password, a right) under its Clerk
	 * id's lock, as a write of Clerk's data is, and reads it again: the change then waits
	 * for one of Clerk's being written and sees it (a deletion, which takes the password
	 * and rights for good), and one of Clerk's written after it sees the change.
	 * @param user the user, read in this transaction
	 * @return the user, as committed once the lock is held
	 * @throws jakarta.persistence.EntityNotFoundException when its row is gone
	 */
	ClerkUser lockAndRead(ClerkUser user) {
		String locked = null;
		// Linked to another Clerk user while this waited: that one's lock too.
		while (user.getClerkId() != null && !user.getClerkId().equals(locked)) {
			locked = user.getClerkId();
			lock(locked);
			this.entityManager.refresh(user);
		}
		return user;
	}

	/**
	 * Runs work that writes rows of other users, or rows that point at them, without
	 * their locks, waiting for a row another transaction holds at most the lock timeout.
	 */
	<T> T withLockTimeout(Supplier<T> work) {
		return this.locks.withLockTimeout(work);
	}

	void withLockTimeout(Runnable work) {
		withLockTimeout(() -> {
			work.run();
			return null;
		});
	}

	void lockAll(Collection<String> clerkIds) {
		this.locks.lockAll(LOCK_NAMESPACE, clerkIds);
	}

	/**
	 * Takes the locks of one user that the application writes (a local account): its
	 * Clerk id and its address, as a write of Clerk's data takes them.
	 * @param clerkId the Clerk id, or {@code null}
	 * @param email the address, or {@code null}
	 */
	void lockUser(@Nullable String clerkId, @Nullable String email) {
		lockAll(new UserBatch.Keys((clerkId != null) ? Set.of(clerkId) : Set.of(),
				(email != null) ? Set.of(EmailAddressResource.fold(email)) : Set.of(), Set.of()));
	}

	/**
	 * Takes, in one statement, the locks of a batch's Clerk ids and of the addresses and
	 * usernames it may take. Two writers of one value (two Clerk users of one address,
	 * the first moved on in Clerk, its change not arrived yet) then take turns, and the
	 * second reads the first's committed row: neither inserts a value the other holds,
	 * which would fail on the unique index and have the failed statement, the user's data
	 * in it, logged by the JDBC layer.
	 */
	void lockAll(UserBatch.Keys keys) {
		List<String> all = new ArrayList<>(keys.clerkIds());
		keys.emails().forEach((email) -> all.add("email:" + email));
		// A username with the lock statement's separator (none Clerk gives has one) is
		// left to the unique index.
		keys.usernames()
			.stream()
			.filter(AdvisoryLocks::isLockable)
			.forEach((username) -> all.add("username:" + username));
		this.locks.lockAll(LOCK_NAMESPACE, all);
	}

	ClerkUser save(ClerkUser user) {
		ClerkUser saved = saveNew(user);
		evict(saved.getClerkId());
		return saved;
	}

	/**
	 * Saves a row new under its Clerk id: no instance can hold a copy of it (absence is
	 * never cached), so it has nothing to evict.
	 */
	ClerkUser saveNew(ClerkUser user) {
		try {
			return this.entities.saveAndFlush(user);
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(ex);
		}
	}

	/**
	 * Makes a new user persistent; it is written with the next flush.
	 * @param user the new user
	 * @return the user
	 */
	ClerkUser persist(ClerkUser user) {
		return this.entities.save(user);
	}

	/**
	 * Removes a user read in this transaction; it is deleted with the next flush.
	 * @param user the user
	 */
	void remove(ClerkUser user) {
		this.entities.remove(user);
	}

	/**
	 * Writes pending changes in JDBC batches, and gives the session back the batch size
	 * it had: a caller's transaction goes on with its own.
	 */
	void flushBatched() {
		Session session = this.entityManager.unwrap(Session.class);
		Integer callers = session.getJdbcBatchSize();
		session.setJdbcBatchSize(100);
		try {
			this.entities.flush();
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(ex);
		}
		finally {
			session.setJdbcBatchSize(callers);
		}
	}

	void evictAll(Collection<String> clerkIds) {
		this.cache.evictAll(clerkIds);
	}

	void evict(@Nullable String clerkId) {
		if (clerkId != null) {
			this.cache.evict(clerkId);
		}
	}

	private static DuplicateUserException duplicate(DataIntegrityViolationException ex) {
		String constraint = null;
		for (Throwable cause = ex; cause != null && constraint == null; cause = cause.getCause()) {
			if (cause instanceof ConstraintViolationException violation) {
				constraint = violation.getConstraintName();
			}
		}
		String field = (constraint != null) ? CONSTRAINT_FIELDS.getOrDefault(constraint, "unknown") : "unknown";
		if (field.equals("id")) {
			// No race: the sequence is behind rows written without it (copied in from
			// django-clerk-users, say), and every new row may take one of their ids.
			String message = "The user conflicts with a stored one on id: the sequence clerk_users_id_seq is behind "
					+ "the table's ids (rows written without it); move it past max(id) and restart the application";
			logger.error(message);
			return new DuplicateUserException(field, message, ex);
		}
		return new DuplicateUserException(field, "The user conflicts with a stored one on " + field, ex);
	}

}
