package dev.clerkusers.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.clerkusers.mirror.PostgresText;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds users: by Clerk id through the {@link ClerkUserCache} on the request path, and by
 * Clerk id, email, username or uid in the database. Users change through
 * {@link ClerkUserSynchronizer} (data from Clerk) and {@link ClerkUserAccounts} (local
 * accounts). A value no row can hold (one with a NUL character, which PostgreSQL cannot
 * store) finds nothing, as any other value no row holds.
 */
public class ClerkUserService {

	private final ClerkUserRepository repository;

	private final ClerkUserCache cache;

	/**
	 * Creates the service.
	 * @param repository the user repository
	 * @param cache the user cache
	 */
	public ClerkUserService(ClerkUserRepository repository, ClerkUserCache cache) {
		this.repository = repository;
		this.cache = cache;
	}

	/**
	 * Finds a user by Clerk id, in the database.
	 * @param clerkId the Clerk user id
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByClerkId(String clerkId) {
		return PostgresText.hasUnstorable(clerkId) ? Optional.empty() : this.repository.findByClerkId(clerkId);
	}

	/**
	 * Finds the users with any of these Clerk ids, in the database.
	 * @param clerkIds the Clerk user ids
	 * @return the users found, in no particular order
	 */
	@Transactional(readOnly = true)
	public List<ClerkUser> findAllByClerkId(Collection<String> clerkIds) {
		List<String> storable = clerkIds.stream().filter((clerkId) -> !PostgresText.hasUnstorable(clerkId)).toList();
		return storable.isEmpty() ? List.of() : this.repository.findByClerkIdIn(storable);
	}

	/**
	 * Finds a user by Clerk id, in the user cache first and then in the database (caching
	 * what it finds, unless it was read inside a transaction or open-in-view's
	 * persistence context, which may hold an older copy or change it before committing).
	 * Used on every authenticated request.
	 * @param clerkId the Clerk user id
	 * @return the user, if any
	 */
	public Optional<ClerkUser> findCachedByClerkId(String clerkId) {
		if (PostgresText.hasUnstorable(clerkId)) {
			return Optional.empty();
		}
		return this.cache.get(clerkId, (key) -> this.repository.findByClerkId(key).orElse(null));
	}

	/**
	 * Finds a user by Clerk id as {@link #findCachedByClerkId(String)} does and, when it
	 * is not stored, has it stored (a first sight), caching the user stored as well, so
	 * that the user's next request reads nothing. Outside a transaction only: a user
	 * stored in the caller's transaction is not cached before it commits.
	 * @param clerkId the Clerk user id
	 * @param store stores the user, in a transaction of its own, and returns it, or
	 * {@code null} when there is none to store
	 * @return the user, if any
	 */
	Optional<ClerkUser> findCachedOrStore(String clerkId, Function<String, @Nullable ClerkUser> store) {
		if (PostgresText.hasUnstorable(clerkId)) {
			return Optional.empty();
		}
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			Optional<ClerkUser> stored = findCachedByClerkId(clerkId);
			return stored.isPresent() ? stored : Optional.ofNullable(store.apply(clerkId));
		}
		return this.cache.get(clerkId, (key) -> {
			ClerkUser stored = this.repository.findByClerkId(key).orElse(null);
			return (stored != null) ? stored : store.apply(key);
		});
	}

	/**
	 * Finds a user by email, regardless of the case of its ASCII letters (and of no other
	 * letter).
	 * @param email the email
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByEmail(String email) {
		return PostgresText.hasUnstorable(email) ? Optional.empty()
				: this.repository.findByEmailIgnoreCase(email.trim());
	}

	/**
	 * Finds a user by username.
	 * @param username the username (exact match)
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByUsername(String username) {
		return PostgresText.hasUnstorable(username) ? Optional.empty() : this.repository.findByUsername(username);
	}

	/**
	 * Finds a user by public uid.
	 * @param uid the uid
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByUid(UUID uid) {
		return this.repository.findByUid(uid);
	}

}
