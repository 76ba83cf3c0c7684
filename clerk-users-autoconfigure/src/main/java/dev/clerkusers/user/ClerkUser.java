package dev.clerkusers.user;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.ReadOnlyJson;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.jspecify.annotations.Nullable;

/**
 * A row of the {@code clerk_users} table: a person who signs in with Clerk, a staff
 * account that signs in with a password, or both.
 * <p>
 * A user with a {@linkplain #getClerkId() Clerk id} is kept in step with Clerk by
 * webhooks and on first sign-in; a user without one is a local account (for example a
 * staff member created with {@link ClerkUserAccounts#createSuperuser(String, String)}). A
 * user without a password cannot sign in with one.
 * <p>
 * Change users through {@link ClerkUserSynchronizer} (data from Clerk) and
 * {@link ClerkUserAccounts} (local accounts), which validate input, keep the ordering
 * guard and evict the user cache; this entity exposes no public setters for that reason.
 * The maps it returns are its own; they must not be changed. A user from the cache, or
 * kept from an earlier request, is a snapshot: never give it to
 * {@code EntityManager.merge}, which would write its older values back past all of that
 * (a ban undone); refer to it from entities of your own as you would to any other.
 * <p>
 * Java serialization (an HTTP session kept outside the JVM, by Spring Session or a
 * server's persistent sessions, holds the user of a sign-in) writes a user without its
 * password hash and Clerk's private metadata: a user read back {@linkplain #hasPassword()
 * has a password} as before, but {@link #getPassword()} is {@code null} and
 * {@link #getPrivateMetadata()} empty. Such a copy is for reading; read the user again
 * for those, or to change it.
 */
// Queries of ClerkUserRepository. Named queries, not @Query strings, because Spring Data
// parses a @Query string when the repository starts, which costs a cold JVM close to a
// second (benchmarks/README.md, "Start-up"); Hibernate checks these at start-up all the
// same.
// An email is matched as the unique index matches it, its ASCII letters alone folded
// (EmailAddressResource.fold).
@NamedNativeQuery(name = "ClerkUser.findByEmailIgnoreCase",
		query = "select * from clerk_users where lower(email collate \"C\") = lower(:email collate \"C\")",
		resultClass = ClerkUser.class)
@NamedNativeQuery(name = "ClerkUser.findByLowerEmailIn",
		query = "select * from clerk_users where lower(email collate \"C\") in (:emails)",
		resultClass = ClerkUser.class)
@NamedNativeQuery(name = "ClerkUser.findLinkedByLowerEmailInAndClerkIdNotIn",
		query = "select * from clerk_users where lower(email collate \"C\") in (:emails) and clerk_id is not null and deleted_at is null and clerk_id not in (:clerkIds)",
		resultClass = ClerkUser.class)
@NamedQuery(name = "ClerkUser.findUnlinked",
		query = "select u from ClerkUser u where u.clerkId is null and u.email is not null and u.active = true order by u.createdAt, u.id")
@NamedQuery(name = "ClerkUser.findUnlinkedUids",
		query = "select u.uid from ClerkUser u where u.clerkId is null and u.email is not null and u.active = true order by u.createdAt, u.id")
@NamedQuery(name = "ClerkUser.findUnlinkedUidsCreatedBefore",
		query = "select u.uid from ClerkUser u where u.clerkId is null and u.email is not null and u.active = true and u.createdAt < :before order by u.createdAt, u.id")
@NamedQuery(name = "ClerkUser.findLinkedClerkIdsNotDeletedBefore",
		query = "select u.clerkId from ClerkUser u where u.clerkId is not null and u.sync.deletedAt is null and (u.sync.clerkCreatedAt is null or u.sync.clerkCreatedAt < :before) and u.createdAt < :before")
// An update writes only the columns its writer changed: a local account's change
// (ClerkUserAccounts) and Clerk's data for the same user (a webhook, a sync), committed
// one while the other waits for the row, each keep what the other wrote — a ban is not
// undone by a password change, nor a revocation of rights by a new name.
@DynamicUpdate
@Entity
@Table(name = "clerk_users")
public class ClerkUser implements Serializable, Cloneable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Longest email address accepted (RFC 5321 limits a path to 320 characters). */
	public static final int MAX_EMAIL_LENGTH = 320;

	/** Longest username accepted. */
	public static final int MAX_USERNAME_LENGTH = 150;

	/** Longest first or last name accepted. */
	public static final int MAX_NAME_LENGTH = 255;

	/** Longest image URL accepted. */
	public static final int MAX_IMAGE_URL_LENGTH = 2048;

	/** Longest Clerk id accepted. */
	public static final int MAX_CLERK_ID_LENGTH = 255;

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "clerk_users_id_seq")
	@SequenceGenerator(name = "clerk_users_id_seq", sequenceName = "clerk_users_id_seq", allocationSize = 50)
	private @Nullable Long id;

	@Column(name = "uid", nullable = false, updatable = false, unique = true)
	private UUID uid = UUID.randomUUID();

	@Column(name = "clerk_id", length = MAX_CLERK_ID_LENGTH, unique = true)
	private @Nullable String clerkId;

	@Column(name = "email", length = MAX_EMAIL_LENGTH)
	private @Nullable String email;

	@Column(name = "username", length = MAX_USERNAME_LENGTH, unique = true)
	private @Nullable String username;

	/**
	 * The last username Clerk gave the user that the row took: the row's username is
	 * Clerk's, and may move to another Clerk user, only while it is this one.
	 */
	@Column(name = "clerk_username", length = MAX_USERNAME_LENGTH)
	private @Nullable String clerkUsername;

	/**
	 * Clerk's {@code updated_at} of the latest data that gave the row
	 * {@link #clerkUsername}: the username moves to data newer than that.
	 */
	@Column(name = "clerk_username_at")
	private @Nullable Instant clerkUsernameAt;

	@Column(name = "password", length = 255)
	private @Nullable String password;

	/**
	 * Whether this is a copy read back from Java serialization of a user with a password,
	 * whose hash {@link #writeReplace()} left behind.
	 */
	@Transient
	private boolean passwordWithheld;

	@Column(name = "first_name", length = MAX_NAME_LENGTH)
	private @Nullable String firstName;

	@Column(name = "last_name", length = MAX_NAME_LENGTH)
	private @Nullable String lastName;

	@Column(name = "image_url", length = MAX_IMAGE_URL_LENGTH)
	private @Nullable String imageUrl;

	// The JSON values below are never changed in place: setters replace them, getters
	// return read-only copies. Hibernate therefore need not copy each one (through JSON)
	// on every load and persist to tell whether it changed.
	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "public_metadata", nullable = false)
	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "private_metadata", nullable = false)
	private Map<String, @Nullable Object> privateMetadata = new LinkedHashMap<>();

	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "unsafe_metadata", nullable = false)
	private Map<String, @Nullable Object> unsafeMetadata = new LinkedHashMap<>();

	@Column(name = "is_active", nullable = false)
	private boolean active = true;

	@Column(name = "is_staff", nullable = false)
	private boolean staff;

	@Column(name = "is_superuser", nullable = false)
	private boolean superuser;

	@Column(name = "locked_until")
	private @Nullable Instant lockedUntil;

	@Column(name = "last_login")
	private @Nullable Instant lastLogin;

	@Column(name = "last_logout")
	private @Nullable Instant lastLogout;

	@Embedded
	private ClerkSyncState sync = new ClerkSyncState();

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt = Instant.EPOCH;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt = Instant.EPOCH;

	/**
	 * For JPA and for this package's services; applications create users through
	 * {@link ClerkUserAccounts}.
	 */
	protected ClerkUser() {
	}

	/**
	 * An email address in the form the users table holds it: trimmed, the domain's ASCII
	 * letters in lower case ({@link dev.clerkusers.api.EmailAddressResource#fold}), the
	 * local part as written. Clerk's addresses, a local account's and the test kit's
	 * annotated users are all stored so.
	 * @param email an address
	 * @return the address as stored
	 * @throws InvalidUserException when the value is no email address (no {@code @}
	 * between two parts, or whitespace), is longer than {@link #MAX_EMAIL_LENGTH}
	 * characters or holds a NUL character
	 */
	public static String normalizeEmail(String email) {
		return UserConstraints.normalizeEmail(email);
	}

	@PrePersist
	void onCreate() {
		Instant now = Instant.now();
		this.createdAt = now;
		this.updatedAt = now;
	}

	@PreUpdate
	void onUpdate() {
		this.updatedAt = Instant.now();
	}

	/**
	 * The surrogate primary key.
	 * @return the id, or {@code null} before the user is saved
	 */
	public @Nullable Long getId() {
		return this.id;
	}

	/**
	 * The public, stable identifier of the user, safe to expose in URLs and APIs.
	 * @return the uid
	 */
	public UUID getUid() {
		return this.uid;
	}

	/**
	 * The Clerk user id ({@code user_…}).
	 * @return the Clerk id, or {@code null} for a local account not linked to Clerk
	 */
	public @Nullable String getClerkId() {
		return this.clerkId;
	}

	/**
	 * The email address, with its domain in lower case. Unique regardless of the case of
	 * its ASCII letters.
	 * @return the email, or {@code null} when the user has none
	 */
	public @Nullable String getEmail() {
		return this.email;
	}

	/**
	 * Whether the user's email is this address: equal but for the case of its ASCII
	 * letters, as the library compares addresses everywhere
	 * ({@link EmailAddressResource#sameAddress(String, String)}).
	 * @param email an address, or {@code null}
	 * @return {@code true} when it is the user's email, or both are {@code null}
	 */
	public boolean hasEmail(@Nullable String email) {
		return EmailAddressResource.sameAddress(this.email, email);
	}

	/**
	 * The username. Unique.
	 * @return the username, or {@code null} when the user has none
	 */
	public @Nullable String getUsername() {
		return this.username;
	}

	/**
	 * The password hash, encoded by the application's {@code PasswordEncoder}. It is
	 * never written to JSON, even when a controller returns the entity, nor to
	 * {@link #toString()}, nor by Java serialization.
	 * @return the hash, or {@code null} when the user cannot sign in with a password (or
	 * when this user was read back from Java serialization)
	 */
	@JsonIgnore
	public @Nullable String getPassword() {
		return this.password;
	}

	/**
	 * Whether this user can sign in with a password.
	 * @return {@code true} when a password hash is stored
	 */
	public boolean hasPassword() {
		return this.password != null || this.passwordWithheld;
	}

	/**
	 * The first name.
	 * @return the first name, or {@code null}
	 */
	public @Nullable String getFirstName() {
		return this.firstName;
	}

	/**
	 * The last name.
	 * @return the last name, or {@code null}
	 */
	public @Nullable String getLastName() {
		return this.lastName;
	}

	/**
	 * The first and last name joined by a space, without surrounding blanks.
	 * @return the full name, empty when the user has neither
	 */
	public String getFullName() {
		String first = (this.firstName != null) ? this.firstName : "";
		String last = (this.lastName != null) ? this.lastName : "";
		return (first + " " + last).trim();
	}

	/**
	 * The profile image URL.
	 * @return the URL, or {@code null}
	 */
	public @Nullable String getImageUrl() {
		return this.imageUrl;
	}

	/**
	 * Clerk's public metadata.
	 * @return a read-only copy of the metadata, never {@code null}
	 */
	public Map<String, @Nullable Object> getPublicMetadata() {
		return ReadOnlyJson.copyOf(this.publicMetadata);
	}

	/**
	 * Clerk's private metadata. Clerk keeps it from the browser, and so does this entity:
	 * it is left out when the user is written as JSON (a controller returning it), and by
	 * Java serialization (a session store).
	 * @return a read-only copy of the metadata, never {@code null}
	 */
	@JsonIgnore
	public Map<String, @Nullable Object> getPrivateMetadata() {
		return ReadOnlyJson.copyOf(this.privateMetadata);
	}

	/**
	 * Clerk's unsafe metadata (writable by the user from the frontend; never trust it for
	 * authorization).
	 * @return a read-only copy of the metadata, never {@code null}
	 */
	public Map<String, @Nullable Object> getUnsafeMetadata() {
		return ReadOnlyJson.copyOf(this.unsafeMetadata);
	}

	/**
	 * Whether the user may sign in. A user deleted, banned or deprovisioned in Clerk is
	 * inactive, and so is one locked out for good; a lockout for a while is
	 * {@link #getLockedUntil()}.
	 * @return {@code true} when active
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * When a lockout in Clerk ends: after too many failed sign-in attempts Clerk locks a
	 * user for a while, and the lockout ends by itself, without a webhook.
	 * @return the end of the lockout, or {@code null} when the user is not locked out for
	 * a while (a lockout that does not end by itself makes the user inactive)
	 */
	public @Nullable Instant getLockedUntil() {
		return this.lockedUntil;
	}

	/**
	 * Whether the user is locked out at an instant.
	 * @param now the instant
	 * @return {@code true} while a lockout lasts
	 */
	public boolean isLockedAt(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	/**
	 * Whether the user is staff (authority {@code ROLE_STAFF}).
	 * @return {@code true} for staff
	 */
	public boolean isStaff() {
		return this.staff;
	}

	/**
	 * Whether the user is a superuser (authority {@code ROLE_SUPERUSER}).
	 * @return {@code true} for superusers
	 */
	public boolean isSuperuser() {
		return this.superuser;
	}

	/**
	 * When the user last signed in, from Clerk's {@code session.created} webhooks.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant getLastLogin() {
		return this.lastLogin;
	}

	/**
	 * When a Clerk session of the user last ended, from Clerk's {@code session.ended},
	 * {@code session.removed} and {@code session.revoked} webhooks.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant getLastLogout() {
		return this.lastLogout;
	}

	/**
	 * When the user was created in Clerk.
	 * @return the time, or {@code null} for local accounts and users not yet synced
	 */
	public @Nullable Instant getClerkCreatedAt() {
		return this.sync.getClerkCreatedAt();
	}

	/**
	 * Clerk's {@code updated_at} of the data stored here: the ordering guard. Data from
	 * Clerk that is not newer is ignored.
	 * @return the time, or {@code null} for local accounts and users not yet synced
	 */
	public @Nullable Instant getClerkUpdatedAt() {
		return this.sync.getClerkUpdatedAt();
	}

	/**
	 * The deletion tombstone: when Clerk deleted the user. A deleted user stays inactive;
	 * later data for the same Clerk id is ignored.
	 * @return the deletion time, or {@code null} when the user is not deleted
	 */
	public @Nullable Instant getDeletedAt() {
		return this.sync.getDeletedAt();
	}

	/**
	 * Whether the user was deleted in Clerk.
	 * @return {@code true} when a tombstone is set
	 */
	public boolean isDeleted() {
		return this.sync.isDeleted();
	}

	/**
	 * Whether the row was created from a session token alone, while Clerk's Backend API
	 * could not be reached, and still waits for its profile (filled by the next webhook,
	 * sign-in or sync).
	 * @return {@code true} while the profile is incomplete
	 */
	public boolean isSyncPending() {
		return this.sync.isSyncPending();
	}

	/**
	 * When the row was created.
	 * @return the local creation time
	 */
	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * When the row was last changed.
	 * @return the local modification time
	 */
	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void setClerkId(@Nullable String clerkId) {
		this.clerkId = clerkId;
	}

	/**
	 * Ends the account with its Clerk user, deleted in Clerk: inactive, and without its
	 * local password and its rights, which the deletion takes away for good, whatever
	 * arrives next (a new Clerk user that takes the account over through its email, or
	 * one stored before the deletion arrived, on a row of its own).
	 */
	void endWithClerkUser() {
		this.active = false;
		this.password = null;
		this.staff = false;
		this.superuser = false;
	}

	/**
	 * Leaves the row without a Clerk user, for a moment: a deleted Clerk user's account
	 * that a new Clerk user is about to take.
	 */
	void unlink() {
		this.clerkId = null;
	}

	/**
	 * Links a local account to a Clerk user: from now on Clerk's data decides whether it
	 * is active. An account that is not active when it is linked (switched off before it
	 * had a Clerk user, or deleted with the Clerk user it had) keeps neither its local
	 * password nor its rights: whoever proves its email gets the account, not what was
	 * taken away from it.
	 * @param clerkId the Clerk user's id
	 */
	void linkTo(String clerkId) {
		if (!this.active) {
			this.password = null;
			this.staff = false;
			this.superuser = false;
		}
		this.clerkId = clerkId;
	}

	void setEmail(@Nullable String email) {
		this.email = email;
	}

	void setUsername(@Nullable String username) {
		this.username = username;
	}

	@Nullable String getClerkUsername() {
		return this.clerkUsername;
	}

	@Nullable Instant getClerkUsernameAt() {
		return this.clerkUsernameAt;
	}

	/**
	 * Records the username Clerk gave the row, and Clerk's {@code updated_at} of the data
	 * that gave it.
	 */
	void setClerkUsername(@Nullable String clerkUsername, @Nullable Instant givenAt) {
		this.clerkUsername = clerkUsername;
		this.clerkUsernameAt = givenAt;
	}

	void setPassword(@Nullable String password) {
		this.password = password;
	}

	void setFirstName(@Nullable String firstName) {
		this.firstName = firstName;
	}

	void setLastName(@Nullable String lastName) {
		this.lastName = lastName;
	}

	void setImageUrl(@Nullable String imageUrl) {
		this.imageUrl = imageUrl;
	}

	void setPublicMetadata(Map<String, @Nullable Object> publicMetadata) {
		if (!publicMetadata.equals(this.publicMetadata)) {
			this.publicMetadata = new LinkedHashMap<>(publicMetadata);
		}
	}

	void setPrivateMetadata(Map<String, @Nullable Object> privateMetadata) {
		if (!privateMetadata.equals(this.privateMetadata)) {
			this.privateMetadata = new LinkedHashMap<>(privateMetadata);
		}
	}

	void setUnsafeMetadata(Map<String, @Nullable Object> unsafeMetadata) {
		if (!unsafeMetadata.equals(this.unsafeMetadata)) {
			this.unsafeMetadata = new LinkedHashMap<>(unsafeMetadata);
		}
	}

	void setActive(boolean active) {
		this.active = active;
	}

	void setStaff(boolean staff) {
		this.staff = staff;
	}

	void setSuperuser(boolean superuser) {
		this.superuser = superuser;
	}

	void setLockedUntil(@Nullable Instant lockedUntil) {
		this.lockedUntil = lockedUntil;
	}

	void setLastLogin(@Nullable Instant lastLogin) {
		this.lastLogin = lastLogin;
	}

	void setLastLogout(@Nullable Instant lastLogout) {
		this.lastLogout = lastLogout;
	}

	ClerkSyncState sync() {
		return this.sync;
	}

	/**
	 * What Java serialization writes for this user: a copy without its password hash and
	 * Clerk's private metadata.
	 * @return this user, or its copy when it has either
	 * @throws ObjectStreamException never
	 */
	@Serial
	private Object writeReplace() throws ObjectStreamException {
		if (this.password == null && this.privateMetadata.isEmpty()) {
			return this;
		}
		try {
			ClerkUser copy = (ClerkUser) clone();
			copy.passwordWithheld = hasPassword();
			copy.password = null;
			copy.privateMetadata = new LinkedHashMap<>();
			return copy;
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof ClerkUser that) && this.uid.equals(that.uid);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.uid);
	}

	/**
	 * The user's ids and whether it is active, without its addresses, names or metadata:
	 * a user logged (or an event that carries it) is named without writing personal data
	 * to the log.
	 * @return the text
	 */
	@Override
	public String toString() {
		return "ClerkUser[uid=" + this.uid + ", clerkId=" + this.clerkId + ", active=" + this.active + "]";
	}

}
