package dev.clerkusers.organizations;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.clerkusers.mirror.ClerkSyncState;
import dev.clerkusers.mirror.ReadOnlyJson;
import dev.clerkusers.user.ClerkUser;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
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
 * An invitation to join an organization ({@code clerk_organization_invitations}).
 */
@NamedQuery(name = "OrganizationInvitation.countByStatus",
		query = "select count(i) from OrganizationInvitation i where i.organization = :organization and i.status = :status")
@Entity
@Table(name = "clerk_organization_invitations")
public class OrganizationInvitation implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "clerk_organization_invitations_id_seq")
	@SequenceGenerator(name = "clerk_organization_invitations_id_seq",
			sequenceName = "clerk_organization_invitations_id_seq", allocationSize = 50)
	private @Nullable Long id;

	@Column(name = "clerk_id", nullable = false, unique = true)
	private String clerkId = "";

	@ManyToOne(fetch = FetchType.EAGER, optional = false)
	@JoinColumn(name = "organization_id", nullable = false)
	private @Nullable Organization organization;

	@ManyToOne(fetch = FetchType.EAGER)
	@JoinColumn(name = "inviter_id")
	private @Nullable ClerkUser inviter;

	@Column(name = "email_address", nullable = false, length = 320)
	private String emailAddress = "";

	@Column(name = "role", nullable = false, length = 100)
	private String role = OrganizationMembership.DEFAULT_ROLE;

	@Convert(converter = StatusConverter.class)
	@Column(name = "status", nullable = false, length = 16)
	private InvitationStatus status = InvitationStatus.PENDING;

	@Column(name = "url", length = 2048)
	private @Nullable String url;

	@Column(name = "expires_at")
	private @Nullable Instant expiresAt;

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

	@Column(name = "clerk_created_at")
	private @Nullable Instant clerkCreatedAt;

	@Column(name = "clerk_updated_at")
	private @Nullable Instant clerkUpdatedAt;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt = Instant.EPOCH;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt = Instant.EPOCH;

	/**
	 * For JPA and {@link OrganizationSynchronizer}.
	 */
	protected OrganizationInvitation() {
	}

	OrganizationInvitation(String clerkId, Organization organization) {
		this.clerkId = clerkId;
		this.organization = organization;
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
	 * @return Clerk's invitation id ({@code orginv_…})
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
	 * @return who sent the invitation, when known locally, or {@code null}
	 */
	public @Nullable ClerkUser getInviter() {
		return this.inviter;
	}

	/**
	 * @return the invited address
	 */
	public String getEmailAddress() {
		return this.emailAddress;
	}

	/**
	 * @return the role the invitee gets, for example {@code org:member}
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * @return the state
	 */
	public InvitationStatus getStatus() {
		return this.status;
	}

	/**
	 * @return the invitation URL, or {@code null}
	 */
	public @Nullable String getUrl() {
		return this.url;
	}

	/**
	 * @return when the invitation expires, or {@code null}
	 */
	public @Nullable Instant getExpiresAt() {
		return this.expiresAt;
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
	 * @return when Clerk created the invitation, or {@code null}
	 */
	public @Nullable Instant getClerkCreatedAt() {
		return this.clerkCreatedAt;
	}

	/**
	 * @return Clerk's {@code updated_at} of the stored data: the ordering guard
	 */
	public @Nullable Instant getClerkUpdatedAt() {
		return this.clerkUpdatedAt;
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

	void setInviter(@Nullable ClerkUser inviter) {
		this.inviter = inviter;
	}

	void setEmailAddress(String emailAddress) {
		this.emailAddress = emailAddress;
	}

	void setRole(String role) {
		this.role = role;
	}

	/**
	 * The ordering guard of invitations: newer data applies; data as old as the stored
	 * applies only when it ends a pending invitation (Clerk may not move
	 * {@code updated_at} when it revokes); a pending status never reopens an ended
	 * invitation.
	 * @param status the incoming status
	 * @param updatedAt the incoming {@code updated_at}
	 * @return whether the data applies
	 */
	boolean accepts(InvitationStatus status, @Nullable Instant updatedAt) {
		if (this.status.isFinal() && !status.isFinal()) {
			return false;
		}
		if (ClerkSyncState.isNewer(updatedAt, this.clerkUpdatedAt)) {
			return true;
		}
		return status.isFinal() && !this.status.isFinal() && updatedAt != null && updatedAt.equals(this.clerkUpdatedAt);
	}

	void setStatus(InvitationStatus status) {
		this.status = status;
	}

	void setUrl(@Nullable String url) {
		this.url = url;
	}

	void setExpiresAt(@Nullable Instant expiresAt) {
		this.expiresAt = expiresAt;
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

	void setClerkCreatedAt(@Nullable Instant clerkCreatedAt) {
		this.clerkCreatedAt = clerkCreatedAt;
	}

	void setClerkUpdatedAt(@Nullable Instant clerkUpdatedAt) {
		this.clerkUpdatedAt = clerkUpdatedAt;
	}

	@Override
	public String toString() {
		return "OrganizationInvitation[clerkId=" + this.clerkId + ", status=" + this.status + "]";
	}

	/**
	 * Stores the status in lower case, as Clerk writes it.
	 */
	@Converter
	static class StatusConverter implements AttributeConverter<InvitationStatus, String> {

		@Override
		public String convertToDatabaseColumn(InvitationStatus status) {
			return status.column();
		}

		@Override
		public InvitationStatus convertToEntityAttribute(String column) {
			return InvitationStatus.of(column);
		}

	}

}
