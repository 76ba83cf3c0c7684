package dev.clerkusers.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.UserResource;
import jakarta.persistence.EntityManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.StringUtils;

/**
 * Creates users, looks them up, and keeps them in step with Clerk.
 * <p>
 * Rules kept by every write:
 * <ul>
 * <li><b>Linking</b>: data for a Clerk id that is not stored yet is linked to an existing
 * account only through the Clerk user's <em>verified primary</em> email, never through a
 * username or an unverified address.</li>
 * <li><b>Ordering guard</b>: data whose {@code updated_at} is not newer than the stored
 * one is ignored.</li>
 * <li><b>Tombstones</b>: a user deleted in Clerk stays deleted; later data for that Clerk
 * id is ignored. A new Clerk user with the verified email of a deleted account takes that
 * account over and reactivates it.</li>
 * <li><b>One row per Clerk id</b>: writes for one Clerk id are serialized with a
 * PostgreSQL advisory lock held until the transaction ends, so a first sign-in racing a
 * webhook, or two application instances, end with one row.</li>
 * <li><b>Bad input</b> throws a {@link ClerkUserException} and changes nothing.</li>
 * </ul>
 * Every write invalidates the {@link ClerkUserCache} entry of the user, once at once and
 * once after commit.
 */
public class ClerkUserService {

	private static final Log logger = LogFactory.getLog(ClerkUserService.class);

	/** First key of the advisory locks taken by this service ("Clrk"). */
	private static final int LOCK_NAMESPACE = 0x436C726B;

	private final ClerkUserRepository repository;

	private final PasswordEncoder passwordEncoder;

	private final ClerkUserCache cache;

	private final JsonMapper jsonMapper;

	private final UsernamePolicy usernamePolicy;

	private final Clock clock;

	private final EntityManager entityManager;

	/**
	 * Creates the service.
	 * @param repository the user repository
	 * @param passwordEncoder the application's password encoder
	 * @param cache the user cache
	 * @param jsonMapper the mapper that reads Clerk JSON
	 * @param usernamePolicy whether and how usernames are generated for Clerk users
	 * without one
	 * @param clock the clock for tombstones
	 * @param entityManager a shared entity manager, for the advisory locks
	 */
	public ClerkUserService(ClerkUserRepository repository, PasswordEncoder passwordEncoder, ClerkUserCache cache,
			JsonMapper jsonMapper, UsernamePolicy usernamePolicy, Clock clock, EntityManager entityManager) {
		this.repository = repository;
		this.passwordEncoder = passwordEncoder;
		this.cache = cache;
		this.jsonMapper = jsonMapper;
		this.usernamePolicy = usernamePolicy;
		this.clock = clock;
		this.entityManager = entityManager;
	}

	// ---------------------------------------------------------------- creation

	/**
	 * Creates a user.
	 * @param email the email; required unless a Clerk id is given. Its domain is stored
	 * in lower case.
	 * @param clerkId the Clerk user id, or {@code null} for a local account
	 * @param rawPassword the password, hashed with the application's
	 * {@code PasswordEncoder}; {@code null} for a user who cannot sign in with a password
	 * @return the saved user
	 * @throws InvalidUserException when neither email nor Clerk id is given, or a value
	 * is blank or too long
	 * @throws DuplicateUserException when the email (in any case) or the Clerk id is
	 * taken
	 */
	@Transactional
	public ClerkUser createUser(@Nullable String email, @Nullable String clerkId, @Nullable String rawPassword) {
		return save(newUser(email, clerkId, rawPassword));
	}

	/**
	 * A new, unsaved user after the checks of {@link #createUser}.
	 */
	private ClerkUser newUser(@Nullable String email, @Nullable String clerkId, @Nullable String rawPassword) {
		String normalizedEmail = (email != null) ? normalizeEmail(email) : null;
		if (normalizedEmail == null && clerkId == null) {
			throw new InvalidUserException("A user needs an email unless it has a Clerk id");
		}
		if (clerkId != null) {
			requireClerkId(clerkId);
			lock(clerkId);
			if (this.repository.findByClerkId(clerkId).isPresent()) {
				throw new DuplicateUserException("clerk_id", "A user with Clerk id '" + clerkId + "' already exists");
			}
		}
		if (normalizedEmail != null && this.repository.findByEmailIgnoreCase(normalizedEmail).isPresent()) {
			throw new DuplicateUserException("email", "A user with email '" + normalizedEmail + "' already exists");
		}
		ClerkUser user = new ClerkUser();
		user.setEmail(normalizedEmail);
		user.setClerkId(clerkId);
		user.setPassword(encode(rawPassword));
		return user;
	}

	/**
	 * Creates a staff superuser who signs in with a password (the counterpart of Django's
	 * {@code createsuperuser}).
	 * @param email the email
	 * @param rawPassword the password; required
	 * @return the saved user
	 * @throws InvalidUserException when the email or password is missing, blank or too
	 * long
	 * @throws DuplicateUserException when the email is taken
	 */
	@Transactional
	public ClerkUser createSuperuser(String email, String rawPassword) {
		if (!StringUtils.hasText(rawPassword)) {
			throw new InvalidUserException("A superuser needs a password");
		}
		if (!StringUtils.hasText(email)) {
			throw new InvalidUserException("A superuser needs an email");
		}
		ClerkUser user = newUser(email, null, rawPassword);
		user.setStaff(true);
		user.setSuperuser(true);
		return save(user);
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
		requireClerkId(clerkId);
		return findOrCreatePending(clerkId, (user) -> logger
			.info("Created user " + clerkId + " from its session token; its profile will be completed later"));
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
		requireClerkId(clerkId);
		checkLength("first_name", firstName, ClerkUser.MAX_NAME_LENGTH);
		checkLength("last_name", lastName, ClerkUser.MAX_NAME_LENGTH);
		checkLength("image_url", imageUrl, ClerkUser.MAX_IMAGE_URL_LENGTH);
		return findOrCreatePending(clerkId, (user) -> {
			user.setFirstName(firstName);
			user.setLastName(lastName);
			user.setImageUrl(imageUrl);
		});
	}

	/**
	 * The stored user with this Clerk id, or a new one marked sync pending, completed by
	 * {@code initializer}.
	 */
	private ClerkUser findOrCreatePending(String clerkId, Consumer<ClerkUser> initializer) {
		lock(clerkId);
		Optional<ClerkUser> existing = this.repository.findByClerkId(clerkId);
		if (existing.isPresent()) {
			return existing.get();
		}
		ClerkUser user = new ClerkUser();
		user.setClerkId(clerkId);
		user.setSyncPending(true);
		initializer.accept(user);
		return save(user);
	}

	// ---------------------------------------------------------------- lookups

	/**
	 * Finds a user by Clerk id, in the database.
	 * @param clerkId the Clerk user id
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByClerkId(String clerkId) {
		return this.repository.findByClerkId(clerkId);
	}

	/**
	 * Finds a user by Clerk id, in the user cache first and then in the database (caching
	 * what it finds). Used on every authenticated request.
	 * @param clerkId the Clerk user id
	 * @return the user, if any
	 */
	public Optional<ClerkUser> findCachedByClerkId(String clerkId) {
		Optional<ClerkUser> cached = this.cache.get(clerkId);
		if (cached.isPresent()) {
			return cached;
		}
		Optional<ClerkUser> stored = this.repository.findByClerkId(clerkId);
		stored.ifPresent(this.cache::put);
		return stored;
	}

	/**
	 * Finds a user by email, regardless of case.
	 * @param email the email
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByEmail(String email) {
		return this.repository.findByEmailIgnoreCase(email.trim());
	}

	/**
	 * Finds a user by username.
	 * @param username the username (exact match)
	 * @return the user, if any
	 */
	@Transactional(readOnly = true)
	public Optional<ClerkUser> findByUsername(String username) {
		return this.repository.findByUsername(username);
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

	// ---------------------------------------------------------------- sync from Clerk

	/**
	 * Creates or updates the user described by Clerk's user JSON (a webhook's
	 * {@code data}, or a Backend API response).
	 * @param json Clerk's user object
	 * @return what was done
	 * @throws MalformedClerkDataException when the JSON is not a Clerk user
	 * @throws InvalidUserException when a field is longer than its column
	 */
	@Transactional
	public UpsertResult upsertFromClerk(JsonNode json) {
		return upsertFromClerk(readUser(json));
	}

	/**
	 * Creates or updates the user described by Clerk's data, keeping the rules in the
	 * class description.
	 * @param data the Clerk user
	 * @return what was done
	 * @throws MalformedClerkDataException when the data has no id
	 * @throws InvalidUserException when a field is longer than its column
	 */
	@Transactional
	public UpsertResult upsertFromClerk(UserResource data) {
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
	 * @throws InvalidUserException when a field of one is longer than its column
	 */
	@Transactional
	public List<UpsertResult> upsertAllFromClerk(List<UserResource> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		List<String> clerkIds = new ArrayList<>(batch.size());
		for (UserResource data : batch) {
			clerkIds.add(validate(data));
		}
		lockAll(clerkIds);
		Rows rows = Rows.load(this.repository, batch);
		List<UpsertResult> results = new ArrayList<>(batch.size());
		for (UserResource data : batch) {
			results.add(upsert(data, rows));
		}
		flushBatched();
		for (String clerkId : rows.touchedClerkIds()) {
			invalidate(clerkId);
		}
		return results;
	}

	private UpsertResult upsert(UserResource data, Rows rows) {
		String clerkId = Objects.requireNonNull(data.id());
		ClerkUser existing = rows.byClerkId(clerkId);
		if (existing != null) {
			return update(existing, data, rows);
		}
		EmailAddressResource primary = data.primaryEmailAddress().orElse(null);
		if (primary != null && primary.isVerified() && primary.emailAddress() != null) {
			ClerkUser candidate = rows.byEmail(primary.emailAddress());
			if (candidate != null) {
				return link(candidate, data, rows);
			}
		}
		return create(data, rows, true);
	}

	private UpsertResult create(UserResource data, Rows rows, boolean generateUsername) {
		ClerkUser user = new ClerkUser();
		user.setClerkId(data.id());
		apply(user, data, rows);
		if (generateUsername && user.getUsername() == null) {
			String generated = this.usernamePolicy.generate(this.repository);
			if (generated != null) {
				user.setUsername(generated);
			}
		}
		rows.stored(user);
		return new UpsertResult(UpsertResult.Outcome.CREATED, this.repository.save(user));
	}

	private UpsertResult update(ClerkUser user, UserResource data, Rows rows) {
		if (user.isDeleted()) {
			return new UpsertResult(UpsertResult.Outcome.DELETED, user);
		}
		if (!user.isSyncPending() && !isNewer(data, user)) {
			return new UpsertResult(UpsertResult.Outcome.STALE, user);
		}
		apply(user, data, rows);
		rows.touched(user);
		return new UpsertResult(UpsertResult.Outcome.UPDATED, user);
	}

	private UpsertResult link(ClerkUser candidate, UserResource data, Rows rows) {
		String clerkId = data.id();
		if (candidate.getClerkId() == null) {
			logger.info("Linking local account " + candidate.getUid() + " to Clerk user " + clerkId
					+ " through its verified primary email");
			candidate.setClerkId(clerkId);
			apply(candidate, data, rows);
			rows.stored(candidate);
			return new UpsertResult(UpsertResult.Outcome.LINKED, candidate);
		}
		if (candidate.isDeleted()) {
			logger.info("Reactivating deleted account " + candidate.getUid() + " for new Clerk user " + clerkId
					+ " with the same verified email");
			rows.forget(candidate);
			candidate.setClerkId(clerkId);
			candidate.setDeletedAt(null);
			candidate.setClerkUpdatedAt(null);
			apply(candidate, data, rows);
			rows.stored(candidate);
			return new UpsertResult(UpsertResult.Outcome.REACTIVATED, candidate);
		}
		Instant updatedAt = toInstant(data.updatedAt());
		Instant candidateCreated = candidate.getClerkCreatedAt();
		if (updatedAt != null && candidateCreated != null && !updatedAt.isAfter(candidateCreated)) {
			// A late update of an older Clerk account whose email now belongs to a newer
			// one.
			return new UpsertResult(UpsertResult.Outcome.STALE, null);
		}
		return create(data, rows, false);
	}

	/**
	 * Copies Clerk's data onto a row. Values that would collide with another row (email,
	 * username) keep the stored value, and the collision is logged: Clerk data never
	 * takes over another account.
	 */
	private void apply(ClerkUser user, UserResource data, Rows rows) {
		user.setFirstName(data.firstName());
		user.setLastName(data.lastName());
		user.setImageUrl(data.imageUrl());
		String email = chooseEmail(data);
		if (email != null && !email.equals(user.getEmail())) {
			ClerkUser owner = rows.byEmail(email);
			if (owner == null || owner == user) {
				rows.emailChanged(user, email);
				user.setEmail(email);
			}
			else {
				logger.warn("Clerk user " + data.id() + " has email " + email + ", which belongs to local user "
						+ owner.getUid() + "; keeping the stored email");
			}
		}
		String username = data.username();
		if (StringUtils.hasText(username) && !username.equals(user.getUsername())) {
			ClerkUser owner = rows.byUsername(username);
			if (owner == null || owner == user) {
				rows.usernameChanged(user, username);
				user.setUsername(username);
			}
			else {
				logger.warn("Clerk user " + data.id() + " has username " + username + ", which belongs to local user "
						+ owner.getUid() + "; keeping the stored username");
			}
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
		user.setActive(!data.isBlocked());
		Instant createdAt = toInstant(data.createdAt());
		if (createdAt != null) {
			user.setClerkCreatedAt(createdAt);
		}
		user.setClerkUpdatedAt(toInstant(data.updatedAt()));
		user.setSyncPending(false);
	}

	private static @Nullable String chooseEmail(UserResource data) {
		Optional<EmailAddressResource> primary = data.primaryEmailAddress();
		if (primary.isPresent() && primary.get().emailAddress() != null) {
			return normalizeEmail(primary.get().emailAddress());
		}
		if (data.emailAddresses() != null) {
			for (EmailAddressResource address : data.emailAddresses()) {
				if (address.isVerified() && address.emailAddress() != null) {
					return normalizeEmail(address.emailAddress());
				}
			}
		}
		return null;
	}

	private static boolean isNewer(UserResource data, ClerkUser user) {
		Instant incoming = toInstant(data.updatedAt());
		Instant stored = user.getClerkUpdatedAt();
		if (stored == null) {
			return true;
		}
		return incoming != null && incoming.isAfter(stored);
	}

	/**
	 * The rows a batch of Clerk users may touch, read with one query per key, and kept
	 * current as the batch changes them, so that the linking and collision rules see the
	 * batch's own writes.
	 */
	private static final class Rows {

		private final Map<String, ClerkUser> byClerkId = new HashMap<>();

		private final Map<String, ClerkUser> byEmail = new HashMap<>();

		private final Map<String, ClerkUser> byUsername = new HashMap<>();

		private final Set<String> touched = new LinkedHashSet<>();

		static Rows load(ClerkUserRepository repository, List<UserResource> batch) {
			Set<String> clerkIds = new LinkedHashSet<>();
			Set<String> emails = new LinkedHashSet<>();
			Set<String> usernames = new LinkedHashSet<>();
			for (UserResource data : batch) {
				clerkIds.add(data.id());
				String email = chooseEmail(data);
				if (email != null) {
					emails.add(email.toLowerCase(Locale.ROOT));
				}
				if (StringUtils.hasText(data.username())) {
					usernames.add(data.username());
				}
			}
			Rows rows = new Rows();
			List<ClerkUser> found = new ArrayList<>(repository.findByClerkIdIn(clerkIds));
			if (!emails.isEmpty()) {
				found.addAll(repository.findByLowerEmailIn(emails));
			}
			if (!usernames.isEmpty()) {
				found.addAll(repository.findByUsernameIn(usernames));
			}
			found.forEach(rows::index);
			return rows;
		}

		private void index(ClerkUser user) {
			if (user.getClerkId() != null) {
				this.byClerkId.put(user.getClerkId(), user);
			}
			if (user.getEmail() != null) {
				this.byEmail.put(user.getEmail().toLowerCase(Locale.ROOT), user);
			}
			if (user.getUsername() != null) {
				this.byUsername.put(user.getUsername(), user);
			}
		}

		@Nullable ClerkUser byClerkId(String clerkId) {
			return this.byClerkId.get(clerkId);
		}

		@Nullable ClerkUser byEmail(String email) {
			return this.byEmail.get(email.trim().toLowerCase(Locale.ROOT));
		}

		@Nullable ClerkUser byUsername(String username) {
			return this.byUsername.get(username);
		}

		void emailChanged(ClerkUser user, String email) {
			if (user.getEmail() != null) {
				this.byEmail.remove(user.getEmail().toLowerCase(Locale.ROOT), user);
			}
			this.byEmail.put(email.toLowerCase(Locale.ROOT), user);
		}

		void usernameChanged(ClerkUser user, String username) {
			if (user.getUsername() != null) {
				this.byUsername.remove(user.getUsername(), user);
			}
			this.byUsername.put(username, user);
		}

		void forget(ClerkUser user) {
			if (user.getClerkId() != null) {
				this.byClerkId.remove(user.getClerkId(), user);
				this.touched.add(user.getClerkId());
			}
		}

		void stored(ClerkUser user) {
			index(user);
			touched(user);
		}

		void touched(ClerkUser user) {
			if (user.getClerkId() != null) {
				this.touched.add(user.getClerkId());
			}
		}

		Set<String> touchedClerkIds() {
			return this.touched;
		}

	}

	// ---------------------------------------------------------------- deletion and
	// sessions

	/**
	 * Deactivates the user with this Clerk id and sets its tombstone to now.
	 * @param clerkId the Clerk user id
	 * @return the deactivated user
	 * @see #deactivate(String, Instant)
	 */
	@Transactional
	public ClerkUser deactivate(String clerkId) {
		return deactivate(clerkId, this.clock.instant());
	}

	/**
	 * Deactivates the user with this Clerk id, a soft delete with a tombstone: the row
	 * stays, inactive, and later data for this Clerk id is ignored. When no row exists
	 * yet (the deletion arrived before the creation), a tombstone row is created so that
	 * a late {@code user.created} cannot bring the user to life.
	 * @param clerkId the Clerk user id
	 * @param deletedAt when Clerk deleted the user
	 * @return the deactivated user
	 */
	@Transactional
	public ClerkUser deactivate(String clerkId, Instant deletedAt) {
		return deleteFromClerk(clerkId, deletedAt).userIfPresent().orElseThrow();
	}

	/**
	 * Applies a deletion in Clerk, as {@link #deactivate(String, Instant)} does, and says
	 * what it did.
	 * @param clerkId the Clerk user id
	 * @param deletedAt when Clerk deleted the user
	 * @return {@code UPDATED} when a stored user was deactivated, {@code CREATED} when a
	 * tombstone row was created for a user not stored yet, {@code DELETED} when the user
	 * was already deleted (nothing changed); with the user
	 */
	@Transactional
	public UpsertResult deleteFromClerk(String clerkId, Instant deletedAt) {
		requireClerkId(clerkId);
		lock(clerkId);
		Optional<ClerkUser> stored = this.repository.findByClerkId(clerkId);
		if (stored.isPresent() && stored.get().isDeleted()) {
			return new UpsertResult(UpsertResult.Outcome.DELETED, stored.get());
		}
		ClerkUser user = stored.orElseGet(() -> {
			ClerkUser tombstone = new ClerkUser();
			tombstone.setClerkId(clerkId);
			return tombstone;
		});
		user.setActive(false);
		user.setDeletedAt(deletedAt);
		user.setSyncPending(false);
		return new UpsertResult(stored.isPresent() ? UpsertResult.Outcome.UPDATED : UpsertResult.Outcome.CREATED,
				save(user));
	}

	/**
	 * Records a Clerk sign-in: sets {@code last_login} unless a later one is stored.
	 * @param clerkId the Clerk user id
	 * @param at when the Clerk session was created
	 * @return the user, or empty when the user is not stored locally
	 */
	@Transactional
	public Optional<ClerkUser> recordLogin(String clerkId, Instant at) {
		return recordLatest(clerkId, at, ClerkUser::getLastLogin, ClerkUser::setLastLogin);
	}

	/**
	 * Records the end of a Clerk session: sets {@code last_logout} unless a later one is
	 * stored.
	 * @param clerkId the Clerk user id
	 * @param at when the Clerk session ended
	 * @return the user, or empty when the user is not stored locally
	 */
	@Transactional
	public Optional<ClerkUser> recordLogout(String clerkId, Instant at) {
		return recordLatest(clerkId, at, ClerkUser::getLastLogout, ClerkUser::setLastLogout);
	}

	/**
	 * Sets a time of a stored user unless a later one is stored (webhooks arrive in any
	 * order).
	 */
	private Optional<ClerkUser> recordLatest(String clerkId, Instant at, Function<ClerkUser, @Nullable Instant> stored,
			BiConsumer<ClerkUser, Instant> update) {
		requireClerkId(clerkId);
		lock(clerkId);
		return this.repository.findByClerkId(clerkId).map((user) -> {
			Instant current = stored.apply(user);
			if (current == null || at.isAfter(current)) {
				update.accept(user, at);
				return save(user);
			}
			return user;
		});
	}

	// ---------------------------------------------------------------- local
	// administration

	/**
	 * Sets or removes a user's password.
	 * @param uid the user's uid
	 * @param rawPassword the new password, or {@code null} so that the user can no longer
	 * sign in with one
	 * @return the user
	 * @throws InvalidUserException when the user does not exist or the password is blank
	 */
	@Transactional
	public ClerkUser setPassword(UUID uid, @Nullable String rawPassword) {
		ClerkUser user = require(uid);
		user.setPassword(encode(rawPassword));
		return save(user);
	}

	/**
	 * Sets a user's staff and superuser flags.
	 * @param uid the user's uid
	 * @param staff whether the user is staff
	 * @param superuser whether the user is a superuser
	 * @return the user
	 * @throws InvalidUserException when the user does not exist
	 */
	@Transactional
	public ClerkUser setRoles(UUID uid, boolean staff, boolean superuser) {
		ClerkUser user = require(uid);
		user.setStaff(staff);
		user.setSuperuser(superuser);
		return save(user);
	}

	/**
	 * Links a local account to a Clerk user, for example after creating it in Clerk.
	 * @param uid the user's uid
	 * @param clerkId the Clerk user id
	 * @return the user
	 * @throws InvalidUserException when the user does not exist or is already linked to
	 * another Clerk user
	 * @throws DuplicateUserException when another row has this Clerk id
	 */
	@Transactional
	public ClerkUser linkClerkId(UUID uid, String clerkId) {
		requireClerkId(clerkId);
		lock(clerkId);
		ClerkUser user = require(uid);
		if (clerkId.equals(user.getClerkId())) {
			return user;
		}
		if (user.getClerkId() != null) {
			throw new InvalidUserException(
					"User " + uid + " is already linked to Clerk user " + user.getClerkId() + ", not to " + clerkId);
		}
		Optional<ClerkUser> owner = this.repository.findByClerkId(clerkId);
		if (owner.isPresent()) {
			throw new DuplicateUserException("clerk_id",
					"Clerk user " + clerkId + " is linked to user " + owner.get().getUid() + " already");
		}
		user.setClerkId(clerkId);
		return save(user);
	}

	// ---------------------------------------------------------------- helpers

	private ClerkUser require(UUID uid) {
		return this.repository.findByUid(uid).orElseThrow(() -> new InvalidUserException("No user with uid " + uid));
	}

	private ClerkUser save(ClerkUser user) {
		try {
			ClerkUser saved = this.repository.saveAndFlush(user);
			if (saved.getClerkId() != null) {
				invalidate(saved.getClerkId());
			}
			return saved;
		}
		catch (DataIntegrityViolationException ex) {
			throw new DuplicateUserException(conflictingField(ex),
					"The user conflicts with a stored one: " + mostSpecificMessage(ex), ex);
		}
	}

	private void invalidate(@Nullable String clerkId) {
		if (clerkId == null) {
			return;
		}
		this.cache.invalidate(clerkId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					ClerkUserService.this.cache.invalidate(clerkId);
				}
			});
		}
	}

	/**
	 * Locks many Clerk ids in one statement, in a fixed order, so that concurrent batches
	 * cannot deadlock.
	 */
	private void lockAll(List<String> clerkIds) {
		if (clerkIds.size() == 1) {
			lock(clerkIds.get(0));
			return;
		}
		this.entityManager.createNativeQuery("""
				select count(*) from (select pg_advisory_xact_lock(?1, hashtext(id))
				from (select distinct id from unnest(string_to_array(?2, chr(31))) as ids(id) order by id) as ordered)
				as clerk_locks""")
			.setParameter(1, LOCK_NAMESPACE)
			.setParameter(2, String.join("\u001F", clerkIds))
			.getSingleResult();
	}

	/**
	 * Writes pending changes in JDBC batches.
	 */
	private void flushBatched() {
		try {
			this.entityManager.unwrap(Session.class).setJdbcBatchSize(100);
			this.repository.flush();
		}
		catch (DataIntegrityViolationException ex) {
			throw new DuplicateUserException(conflictingField(ex),
					"A user conflicts with a stored one: " + mostSpecificMessage(ex), ex);
		}
	}

	private void lock(String clerkId) {
		this.entityManager
			.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1, hashtext(?2))) as clerk_lock")
			.setParameter(1, LOCK_NAMESPACE)
			.setParameter(2, clerkId)
			.getSingleResult();
	}

	private @Nullable String encode(@Nullable String rawPassword) {
		if (rawPassword == null) {
			return null;
		}
		if (!StringUtils.hasText(rawPassword)) {
			throw new InvalidUserException("A password must not be blank; pass null for a user without password");
		}
		return this.passwordEncoder.encode(rawPassword);
	}

	private UserResource readUser(JsonNode json) {
		if (json == null || !json.isObject()) {
			throw new MalformedClerkDataException("Clerk user data must be a JSON object");
		}
		JsonNode id = json.get("id");
		if (id == null || !id.isString()) {
			throw new MalformedClerkDataException("Clerk user data has no string 'id'");
		}
		try {
			return this.jsonMapper.treeToValue(json, UserResource.class);
		}
		catch (JacksonException ex) {
			throw new MalformedClerkDataException(
					"Clerk user " + id.asString() + " is malformed: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String validate(UserResource data) {
		String clerkId = data.id();
		if (!StringUtils.hasText(clerkId)) {
			throw new MalformedClerkDataException("Clerk user data has no id");
		}
		requireClerkId(clerkId);
		checkLength("first_name", data.firstName(), ClerkUser.MAX_NAME_LENGTH);
		checkLength("last_name", data.lastName(), ClerkUser.MAX_NAME_LENGTH);
		checkLength("image_url", data.imageUrl(), ClerkUser.MAX_IMAGE_URL_LENGTH);
		checkLength("username", data.username(), ClerkUser.MAX_USERNAME_LENGTH);
		if (data.emailAddresses() != null) {
			for (EmailAddressResource address : data.emailAddresses()) {
				checkLength("email_address", address.emailAddress(), ClerkUser.MAX_EMAIL_LENGTH);
			}
		}
		return clerkId;
	}

	private static void requireClerkId(String clerkId) {
		if (!StringUtils.hasText(clerkId) || !clerkId.equals(clerkId.trim()) || clerkId.indexOf('\u001F') >= 0) {
			throw new InvalidUserException("A Clerk id must not be blank or padded: '" + clerkId + "'");
		}
		checkLength("clerk_id", clerkId, ClerkUser.MAX_CLERK_ID_LENGTH);
	}

	private static void checkLength(String field, @Nullable String value, int max) {
		if (value != null && value.length() > max) {
			throw new InvalidUserException(
					field + " is " + value.length() + " characters long; at most " + max + " are allowed");
		}
	}

	/**
	 * Normalises an email the way Django does: trimmed, with the domain part in lower
	 * case.
	 * @param email the email
	 * @return the normalised email
	 * @throws InvalidUserException when the value is not an email address or is too long
	 */
	public static String normalizeEmail(String email) {
		String trimmed = email.trim();
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1 || trimmed.chars().anyMatch(Character::isWhitespace)) {
			throw new InvalidUserException("'" + email + "' is not an email address");
		}
		checkLength("email", trimmed, ClerkUser.MAX_EMAIL_LENGTH);
		return trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
	}

	private static @Nullable Instant toInstant(@Nullable Long epochMillis) {
		return (epochMillis != null) ? Instant.ofEpochMilli(epochMillis) : null;
	}

	private static String conflictingField(DataIntegrityViolationException ex) {
		String message = mostSpecificMessage(ex);
		for (Map.Entry<String, String> entry : Map
			.of("clerk_users_email", "email", "clerk_users_username", "username", "clerk_users_clerk_id", "clerk_id")
			.entrySet()) {
			if (message.contains(entry.getKey())) {
				return entry.getValue();
			}
		}
		return "unknown";
	}

	private static String mostSpecificMessage(Exception ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return String.valueOf(cause.getMessage());
	}

	/**
	 * Whether and how usernames are generated for Clerk users who have none.
	 *
	 * @param enabled whether to generate a username when a Clerk user without one is
	 * first stored
	 * @param prefix the prefix of generated usernames, followed by an underscore and 8
	 * hexadecimal digits
	 */
	public record UsernamePolicy(boolean enabled, String prefix) {

		/**
		 * A policy that never generates usernames.
		 * @return the policy
		 */
		public static UsernamePolicy none() {
			return new UsernamePolicy(false, "user");
		}

		@Nullable String generate(ClerkUserRepository repository) {
			if (!this.enabled) {
				return null;
			}
			for (int attempt = 0; attempt < 10; attempt++) {
				byte[] random = new byte[4];
				ThreadLocalRandom.current().nextBytes(random);
				String candidate = this.prefix + "_" + HexFormat.of().formatHex(random);
				if (repository.findByUsername(candidate).isEmpty()) {
					return candidate;
				}
			}
			return this.prefix + "_" + UUID.randomUUID().toString().replace("-", "");
		}

	}

}
