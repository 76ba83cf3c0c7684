package dev.clerkusers.organizations;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.ReadOnlyJson;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
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
 * A Clerk organization, as kept in {@code clerk_organizations} by webhooks and syncs.
 * Change organizations through {@link OrganizationSynchronizer}, which keeps the ordering
 * guard, the tombstones and the cache right.
 */
@NamedQuery(name = "Organization.findActiveCreatedBefore",
		query = "select o from Organization o where o.sync.deletedAt is null and o.createdAt < :before")
@NamedQuery(name = "Organization.findActiveClerkIdsCreatedBefore",
		query = "select o.clerkId from Organization o where o.sync.deletedAt is null and o.createdAt < :before")
@Entity
@Table(name = "clerk_organizations")
public class Organization implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "clerk_organizations_id_seq")
	@SequenceGenerator(name = "clerk_organizations_id_seq", sequenceName = "clerk_organizations_id_seq",
			allocationSize = 50)
	private @Nullable Long id;

	@Column(name = "uid", nullable = false, updatable = false, unique = true)
	private UUID uid = UUID.randomUUID();

	@Column(name = "clerk_id", nullable = false, unique = true)
	private String clerkId = "";

	@Column(name = "name")
	private @Nullable String name;

	@Column(name = "slug")
	private @Nullable String slug;

	@Column(name = "image_url", length = 2048)
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

	@Column(name = "is_active", nullable = false)
	private boolean active = true;

	// Written only by OrganizationCounts, in SQL.
	@Column(name = "members_count", nullable = false, updatable = false)
	private int membersCount;

	@Column(name = "pending_invitations_count", nullable = false, updatable = false)
	private int pendingInvitationsCount;

	@Column(name = "max_allowed_memberships", nullable = false)
	private int maxAllowedMemberships;

	@Embedded
	private ClerkSyncState sync = new ClerkSyncState();

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt = Instant.EPOCH;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt = Instant.EPOCH;

	/**
	 * For JPA and {@link OrganizationSynchronizer}.
	 */
	protected Organization() {
	}

	Organization(String clerkId) {
		this.clerkId = clerkId;
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
	 * @return the surrogate key, or {@code null} before the organization is saved
	 */
	public @Nullable Long getId() {
		return this.id;
	}

	/**
	 * @return the public, stable identifier
	 */
	public UUID getUid() {
		return this.uid;
	}

	/**
	 * @return the Clerk organization id ({@code org_…})
	 */
	public String getClerkId() {
		return this.clerkId;
	}

	/**
	 * @return the name, or {@code null} for an organization known only by id so far
	 */
	public @Nullable String getName() {
		return this.name;
	}

	/**
	 * @return the slug, or {@code null}
	 */
	public @Nullable String getSlug() {
		return this.slug;
	}

	/**
	 * @return the logo URL, or {@code null}
	 */
	public @Nullable String getImageUrl() {
		return this.imageUrl;
	}

	/**
	 * @return Clerk's public metadata
	 */
	public Map<String, @Nullable Object> getPublicMetadata() {
		return ReadOnlyJson.copyOf(this.publicMetadata);
	}

	/**
	 * @return Clerk's private metadata, left out when this is written as JSON (Clerk
	 * keeps it from the browser)
	 */
	@JsonIgnore
	public Map<String, @Nullable Object> getPrivateMetadata() {
		return ReadOnlyJson.copyOf(this.privateMetadata);
	}

	/**
	 * @return whether the organization exists in Clerk (it is inactive once deleted)
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * @return how many active members are stored locally
	 */
	public int getMembersCount() {
		return this.membersCount;
	}

	/**
	 * @return how many invitations are pending, as stored locally
	 */
	public int getPendingInvitationsCount() {
		return this.pendingInvitationsCount;
	}

	/**
	 * @return the membership limit, 0 for none
	 */
	public int getMaxAllowedMemberships() {
		return this.maxAllowedMemberships;
	}

	/**
	 * @return when the organization was created in Clerk, or {@code null}
	 */
	public @Nullable Instant getClerkCreatedAt() {
		return this.sync.getClerkCreatedAt();
	}

	/**
	 * @return Clerk's {@code updated_at} of the stored data: the ordering guard
	 */
	public @Nullable Instant getClerkUpdatedAt() {
		return this.sync.getClerkUpdatedAt();
	}

	/**
	 * @return when Clerk deleted the organization (the tombstone), or {@code null}
	 */
	public @Nullable Instant getDeletedAt() {
		return this.sync.getDeletedAt();
	}

	/**
	 * @return whether the organization was deleted in Clerk
	 */
	public boolean isDeleted() {
		return this.sync.isDeleted();
	}

	/**
	 * @return whether the row was created from a reference alone and waits for its data
	 */
	public boolean isSyncPending() {
		return this.sync.isSyncPending();
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

	void setName(@Nullable String name) {
		this.name = name;
	}

	void setSlug(@Nullable String slug) {
		this.slug = slug;
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

	void setActive(boolean active) {
		this.active = active;
	}

	void setMembersCount(int membersCount) {
		this.membersCount = membersCount;
	}

	void setPendingInvitationsCount(int pendingInvitationsCount) {
		this.pendingInvitationsCount = pendingInvitationsCount;
	}

	void setMaxAllowedMemberships(int maxAllowedMemberships) {
		this.maxAllowedMemberships = maxAllowedMemberships;
	}

	ClerkSyncState sync() {
		return this.sync;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof Organization that && this.uid.equals(that.uid));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.uid);
	}

	@Override
	public String toString() {
		return "Organization[clerkId=" + this.clerkId + ", slug=" + this.slug + ", active=" + this.active + "]";
	}

}
