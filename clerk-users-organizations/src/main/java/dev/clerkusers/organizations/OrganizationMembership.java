package dev.clerkusers.organizations;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.ReadOnlyJson;
import dev.clerkusers.user.ClerkUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;
import org.jspecify.annotations.Nullable;

/**
 * A user's membership of an organization ({@code clerk_organization_memberships}), one
 * per organization and user. A membership removed in Clerk is kept as a tombstone, so
 * that a late event cannot restore it.
 */
@NamedQuery(name = "OrganizationMembership.findMembership",
		query = "select m from OrganizationMembership m where m.organization.clerkId = :organization and m.user.clerkId = :user")
@NamedQuery(name = "OrganizationMembership.findByClerkIdIn",
		query = "select m from OrganizationMembership m join fetch m.organization join fetch m.user where m.clerkId in :clerkIds")
@NamedQuery(name = "OrganizationMembership.findMemberships",
		query = "select m from OrganizationMembership m join fetch m.organization o join fetch m.user u where o.clerkId in :organizations and u.clerkId in :users")
@NamedQuery(name = "OrganizationMembership.findActiveByOrganization",
		query = "select m from OrganizationMembership m join fetch m.organization join fetch m.user where m.organization = :organization and m.deletedAt is null order by m.joinedAt, m.id")
@NamedQuery(name = "OrganizationMembership.findActiveByUser",
		query = "select m from OrganizationMembership m join fetch m.organization join fetch m.user where m.user.clerkId = :user and m.deletedAt is null and m.organization.active = true")
@NamedQuery(name = "OrganizationMembership.findActiveIdsCreatedBefore",
		query = "select o.clerkId as organizationId, m.clerkId as membershipId, u.clerkId as userId from OrganizationMembership m join m.organization o join m.user u where o.sync.deletedAt is null and o.createdAt < :before and m.deletedAt is null and m.createdAt < :before and u.clerkId is not null")
@NamedQuery(name = "OrganizationMembership.countActive",
		query = "select count(m) from OrganizationMembership m where m.organization = :organization and m.deletedAt is null")
@Entity
@Table(name = "clerk_organization_memberships")
public class OrganizationMembership implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The role of a member whose role Clerk did not say. */
	public static final String DEFAULT_ROLE = "org:member";

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "clerk_organization_memberships_id_seq")
	@SequenceGenerator(name = "clerk_organization_memberships_id_seq",
			sequenceName = "clerk_organization_memberships_id_seq", allocationSize = 50)
	private @Nullable Long id;

	@Column(name = "clerk_id", nullable = false, unique = true)
	private String clerkId = "";

	@ManyToOne(fetch = FetchType.EAGER, optional = false)
	@JoinColumn(name = "organization_id", nullable = false)
	private @Nullable Organization organization;

	@ManyToOne(fetch = FetchType.EAGER, optional = false)
	@JoinColumn(name = "user_id", nullable = false)
	private @Nullable ClerkUser user;

	@Column(name = "role", nullable = false, length = 100)
	private String role = DEFAULT_ROLE;

	// The JSON values below are never changed in place: setters replace them, getters
	// return read-only copies. Hibernate therefore need not copy each one (through JSON)
	// on every load and persist to tell whether it changed.
	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "permissions", nullable = false)
	private List<String> permissions = new ArrayList<>();

	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "public_metadata", nullable = false)
	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	@JdbcTypeCode(SqlTypes.JSON)
	@Mutability(Immutability.class)
	@Column(name = "private_metadata", nullable = false)
	private Map<String, @Nullable Object> privateMetadata = new LinkedHashMap<>();

	@Column(name = "joined_at")
	private @Nullable Instant joinedAt;

	@Column(name = "clerk_updated_at")
	private @Nullable Instant clerkUpdatedAt;

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt = Instant.EPOCH;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt = Instant.EPOCH;

	/**
	 * For JPA and {@link OrganizationSynchronizer}.
	 */
	protected OrganizationMembership() {
	}

	OrganizationMembership(Organization organization, ClerkUser user) {
		this.organization = organization;
		this.user = user;
	}

	@PrePersist
	void onCreate() {
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	@PreUpdate
	void onUpdate() {
		this.updatedAt = Instant.now();
	}

	/**
	 * @return the surrogate key
	 */
	public @Nullable Long getId() {
		return this.id;
	}

	/**
	 * @return Clerk's membership id ({@code orgmem_…})
	 */
	public String getClerkId() {
		return this.clerkId;
	}

	/**
	 * @return the organization
	 */
	public Organization getOrganization() {
		return Objects.requireNonNull(this.organization);
	}

	/**
	 * @return the member
	 */
	public ClerkUser getUser() {
		return Objects.requireNonNull(this.user);
	}

	/**
	 * @return the role key, for example {@code org:admin}
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * @return the permission keys of the role, for example {@code org:teams:manage}
	 */
	public List<String> getPermissions() {
		return List.copyOf(this.permissions);
	}

	/**
	 * @return Clerk's public metadata of the membership
	 */
	public Map<String, @Nullable Object> getPublicMetadata() {
		return ReadOnlyJson.copyOf(this.publicMetadata);
	}

	/**
	 * @return Clerk's private metadata of the membership, left out when this is written
	 * as JSON (Clerk keeps it from the browser)
	 */
	@JsonIgnore
	public Map<String, @Nullable Object> getPrivateMetadata() {
		return ReadOnlyJson.copyOf(this.privateMetadata);
	}

	/**
	 * @return when the user joined, or {@code null}
	 */
	public @Nullable Instant getJoinedAt() {
		return this.joinedAt;
	}

	/**
	 * @return Clerk's {@code updated_at} of the stored data: the ordering guard
	 */
	public @Nullable Instant getClerkUpdatedAt() {
		return this.clerkUpdatedAt;
	}

	/**
	 * @return when the membership was removed in Clerk (the tombstone), or {@code null}
	 */
	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	/**
	 * @return whether the membership is current (not removed)
	 */
	public boolean isActive() {
		return this.deletedAt == null;
	}

	/**
	 * @return when the row was created
	 */
	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * @return when the row was last changed
	 */
	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * The time the stored state stands for: its removal, or its last update from Clerk
	 * (the ordering guard).
	 * @return the time, or {@code null} when neither is known
	 */
	@Nullable Instant version() {
		return ClerkSyncState.latest(this.clerkUpdatedAt, this.deletedAt);
	}

	void setClerkId(String clerkId) {
		this.clerkId = clerkId;
	}

	void setRole(String role) {
		this.role = role;
	}

	void setPermissions(List<String> permissions) {
		if (!permissions.equals(this.permissions)) {
			this.permissions = new ArrayList<>(permissions);
		}
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

	void setJoinedAt(@Nullable Instant joinedAt) {
		this.joinedAt = joinedAt;
	}

	void setClerkUpdatedAt(@Nullable Instant clerkUpdatedAt) {
		this.clerkUpdatedAt = clerkUpdatedAt;
	}

	void setDeletedAt(@Nullable Instant deletedAt) {
		this.deletedAt = deletedAt;
	}

	@Override
	public String toString() {
		return "OrganizationMembership[clerkId=" + this.clerkId + ", role=" + this.role + ", active=" + isActive()
				+ "]";
	}

}
