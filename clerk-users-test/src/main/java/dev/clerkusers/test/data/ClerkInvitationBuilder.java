package dev.clerkusers.test.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk organization invitation ({@code "object": "organization_invitation"}).
 */
public final class ClerkInvitationBuilder implements ClerkJson {

	private final String id;

	private final String organizationId;

	private final String emailAddress;

	private String role = "org:member";

	private String status = "pending";

	private @Nullable String inviterId;

	private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

	private Instant updatedAt = Instant.parse("2026-01-01T00:00:00Z");

	ClerkInvitationBuilder(String id, String organizationId, String emailAddress) {
		this.id = id;
		this.organizationId = organizationId;
		this.emailAddress = emailAddress;
	}

	/**
	 * @return the invitation id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Sets the role the invitee gets.
	 * @param role the role key
	 * @return this builder
	 */
	public ClerkInvitationBuilder role(String role) {
		this.role = role;
		return this;
	}

	/**
	 * Sets the status.
	 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired}
	 * @return this builder
	 */
	public ClerkInvitationBuilder status(String status) {
		this.status = status;
		return this;
	}

	/**
	 * Sets who invited.
	 * @param inviterId the inviter's user id
	 * @return this builder
	 */
	public ClerkInvitationBuilder inviter(@Nullable String inviterId) {
		this.inviterId = inviterId;
		return this;
	}

	/**
	 * Sets when the invitation last changed.
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkInvitationBuilder updatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
		return this;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> invitation = new LinkedHashMap<>();
		invitation.put("object", "organization_invitation");
		invitation.put("id", this.id);
		invitation.put("email_address", this.emailAddress);
		invitation.put("role", this.role);
		invitation.put("role_name", this.role.replace("org:", ""));
		invitation.put("organization_id", this.organizationId);
		invitation.put("inviter_id", this.inviterId);
		invitation.put("status", this.status);
		invitation.put("public_metadata", new LinkedHashMap<>());
		invitation.put("private_metadata", new LinkedHashMap<>());
		invitation.put("url", null);
		invitation.put("expires_at", this.createdAt.plusSeconds(30 * 24 * 3600).toEpochMilli());
		invitation.put("created_at", this.createdAt.toEpochMilli());
		invitation.put("updated_at", this.updatedAt.toEpochMilli());
		return invitation;
	}

}
