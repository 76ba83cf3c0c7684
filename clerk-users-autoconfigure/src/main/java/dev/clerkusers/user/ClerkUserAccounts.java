package dev.clerkusers.user;

import java.util.Optional;
import java.util.UUID;

import dev.clerkusers.mirror.AdvisoryLocks;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Local accounts: creates users and superusers (the counterparts of Django's
 * {@code create_user} and {@code create_superuser}), sets passwords and roles, and links
 * an account to a Clerk user. Passwords are hashed with the application's
 * {@link PasswordEncoder}. Bad input throws a {@link ClerkUserException} and changes
 * nothing. Each method joins the caller's transaction when there is one, so, as with any
 * {@code @Transactional} method, a refusal marks that transaction rollback-only: check
 * first (a user found by its email, say), or call it in a transaction of its own
 * ({@code Propagation.REQUIRES_NEW}) to go on after a refusal.
 */
public class ClerkUserAccounts {

	private final UserWrites writes;

	private final ClerkUserRepository repository;

	private final PasswordEncoder passwordEncoder;

	/**
	 * Creates the account service.
	 * @param repository the user repository
	 * @param cache the user cache, evicted on every write
	 * @param locks the advisory locks
	 * @param entityManager a shared entity manager
	 * @param passwordEncoder the application's password encoder
	 */
	public ClerkUserAccounts(ClerkUserRepository repository, ClerkUserCache cache, AdvisoryLocks locks,
			EntityManager entityManager, PasswordEncoder passwordEncoder) {
		this.writes = new UserWrites(cache, locks, entityManager);
		this.repository = repository;
		this.passwordEncoder = passwordEncoder;
	}

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
	 * @throws DuplicateUserException when the email (in any case of its ASCII letters) or
	 * the Clerk id is taken
	 */
	@Transactional
	public ClerkUser createUser(@Nullable String email, @Nullable String clerkId, @Nullable String rawPassword) {
		return this.writes.save(newUser(email, clerkId, rawPassword));
	}

	/**
	 * Creates a staff superuser who signs in with a password (the counterpart of Django's
	 * {@code create_superuser}). Like Django's, it applies no rule of strength to the
	 * password: that is the caller's to choose. The {@code create-superuser} command
	 * applies its own (at least 12 characters, not the email) before it calls this.
	 * @param email the email
	 * @param rawPassword the password; required
	 * @return the saved user
	 * @throws InvalidUserException when the email or password is missing, blank or too
	 * long (a password the password encoder cannot hash: over 72 bytes, for BCrypt)
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
		return this.writes.save(user);
	}

	private ClerkUser newUser(@Nullable String email, @Nullable String clerkId, @Nullable String rawPassword) {
		String normalizedEmail = (email != null) ? UserConstraints.normalizeEmail(email) : null;
		if (normalizedEmail == null && clerkId == null) {
			throw new InvalidUserException("A user needs an email unless it has a Clerk id");
		}
		if (clerkId != null) {
			UserConstraints.requireClerkId(clerkId);
		}
		// The address's lock too, as a write of Clerk's data takes it: a delivery of a
		// Clerk user of this address waits for this account, not for the unique index.
		this.writes.lockUser(clerkId, normalizedEmail);
		if (clerkId != null && this.repository.findByClerkId(clerkId).isPresent()) {
			throw new DuplicateUserException("clerk_id", "A user with Clerk id '" + clerkId + "' already exists");
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
	 * Sets or removes a user's password.
	 * @param uid the user's uid
	 * @param rawPassword the new password, or {@code null} so that the user can no longer
	 * sign in with one
	 * @return the user
	 * @throws InvalidUserException when the user does not exist, the password is blank or
	 * one the password encoder cannot hash (over 72 bytes, for BCrypt), or a password is
	 * given to a user deleted in Clerk
	 */
	@Transactional
	public ClerkUser setPassword(UUID uid, @Nullable String rawPassword) {
		ClerkUser user = requireLocked(uid);
		if (rawPassword != null) {
			requireNotDeleted(user, "a password");
		}
		user.setPassword(encode(rawPassword));
		return this.writes.save(user);
	}

	/**
	 * Sets a user's staff and superuser flags.
	 * @param uid the user's uid
	 * @param staff whether the user is staff
	 * @param superuser whether the user is a superuser
	 * @return the user
	 * @throws InvalidUserException when the user does not exist, or a right is given to a
	 * user deleted in Clerk
	 */
	@Transactional
	public ClerkUser setRoles(UUID uid, boolean staff, boolean superuser) {
		ClerkUser user = requireLocked(uid);
		if (staff || superuser) {
			requireNotDeleted(user, "a right");
		}
		user.setStaff(staff);
		user.setSuperuser(superuser);
		return this.writes.save(user);
	}

	/**
	 * Links a local account to a Clerk user, for example after creating it in Clerk. From
	 * then on Clerk's data decides whether it is active; an account that was not active
	 * (switched off before it had a Clerk user) loses its local password and its staff
	 * and superuser rights as it is linked.
	 * @param uid the user's uid
	 * @param clerkId the Clerk user id
	 * @return the user
	 * @throws InvalidUserException when the user does not exist or is already linked to
	 * another Clerk user
	 * @throws DuplicateUserException when another row has this Clerk id
	 */
	@Transactional
	public ClerkUser linkClerkId(UUID uid, String clerkId) {
		UserConstraints.requireClerkId(clerkId);
		this.writes.lock(clerkId);
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
		user.linkTo(clerkId);
		return this.writes.save(user);
	}

	/**
	 * Refuses to give a user deleted in Clerk what the deletion took away for good: a
	 * later Clerk user with its address takes the account over without them.
	 */
	private static void requireNotDeleted(ClerkUser user, String what) {
		if (user.isDeleted()) {
			throw new InvalidUserException(
					"User " + user.getUid() + " was deleted in Clerk (Clerk user " + user.getClerkId()
							+ "), which took its password and rights for good: it cannot be given " + what + " again");
		}
	}

	private ClerkUser require(UUID uid) {
		return this.repository.findByUid(uid).orElseThrow(() -> noSuchUser(uid));
	}

	/**
	 * The user, under its Clerk id's lock, as committed once the lock is held: a change
	 * of Clerk's being written (a deletion) is waited for and seen.
	 */
	private ClerkUser requireLocked(UUID uid) {
		try {
			return this.writes.lockAndRead(require(uid));
		}
		catch (EntityNotFoundException ex) {
			throw noSuchUser(uid);
		}
	}

	private static InvalidUserException noSuchUser(UUID uid) {
		return new InvalidUserException("No user with uid " + uid);
	}

	private @Nullable String encode(@Nullable String rawPassword) {
		if (rawPassword == null) {
			return null;
		}
		if (!StringUtils.hasText(rawPassword)) {
			throw new InvalidUserException("A password must not be blank; pass null for a user without password");
		}
		try {
			return this.passwordEncoder.encode(rawPassword);
		}
		catch (IllegalArgumentException ex) {
			// BCrypt, the default, refuses a password over 72 bytes.
			throw new InvalidUserException("The password cannot be encoded: " + ex.getMessage());
		}
	}

}
