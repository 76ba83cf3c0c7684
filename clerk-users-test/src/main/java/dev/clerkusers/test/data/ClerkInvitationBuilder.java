package dev.clerkusers.test.data;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk organization invitation ({@code "object": "organization_invitation"}).
 * {@code role} is the role key ({@code org:member}), {@code role_name} its display name
 * ({@code Member}); {@code inviter_id} and {@code public_inviter_data} are {@code null}
 * unless an inviter is set. An accepted invitation carries the user who accepted it
 * ({@code user_id}) and the organization's public data, as Clerk's schema requires.
 */
public final class ClerkInvitationBuilder implements ClerkRevisioned {

	/** How long an invitation is valid: Clerk's default, 30 days. */
	private static final Duration VALIDITY = Duration.ofDays(30);

	private final String id;

	private final ClerkOrganizationBuilder organization;

	private final String emailAddress;

	private String role = "org:member";

	private @Nullable String roleName;

	private String status = "pending";

	private @Nullable String inviterId;

	private @Nullable Map<String, @Nullable Object> publicInviterData;

	private @Nullable String acceptedBy;

	private @Nullable String url;

	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	private Instant createdAt = ClerkData.DEFAULT_TIME;

	private final Revision revision = new Revision(ClerkData.DEFAULT_TIME);

	ClerkInvitationBuilder(String id, ClerkOrganizationBuilder organization, String emailAddress) {
		this.id = id;
		this.organization = organization;
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
	 * Sets the display name of the role ({@code role_name}); by default it is made from
	 * the key, as Clerk's default roles are named ({@code org:member} is {@code Member}).
	 * @param roleName the display name
	 * @return this builder
	 */
	public ClerkInvitationBuilder roleName(String roleName) {
		this.roleName = roleName;
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
	 * Sets who invited, with public data made from the id alone
	 * ({@code public_inviter_data.identifier} is the id).
	 * @param inviterId the inviter's user id, or {@code null} for none
	 * @return this builder
	 */
	public ClerkInvitationBuilder inviter(@Nullable String inviterId) {
		this.inviterId = inviterId;
		this.publicInviterData = (inviterId != null) ? inviterData(inviterId, null, null, null, inviterId) : null;
		return this;
	}

	/**
	 * Sets who invited, with the user's public data.
	 * @param inviter the inviter
	 * @return this builder
	 */
	public ClerkInvitationBuilder inviter(ClerkUserBuilder inviter) {
		Map<String, @Nullable Object> user = inviter.toMap();
		String identifier = inviter.primaryEmail();
		this.inviterId = inviter.id();
		this.publicInviterData = inviterData(inviter.id(), (String) user.get("first_name"),
				(String) user.get("last_name"),
				Boolean.TRUE.equals(user.get("has_image")) ? (String) user.get("image_url") : null,
				(identifier != null) ? identifier : inviter.id());
		return this;
	}

	private static Map<String, @Nullable Object> inviterData(String userId, @Nullable String firstName,
			@Nullable String lastName, @Nullable String imageUrl, String identifier) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("user_id", userId);
		data.put("first_name", firstName);
		data.put("last_name", lastName);
		data.put("image_url", (imageUrl != null) ? imageUrl : ClerkData.defaultImageUrl(userId));
		data.put("has_image", imageUrl != null);
		data.put("identifier", identifier);
		return data;
	}

	/**
	 * Sets the user who accepted the invitation ({@code user_id} of
	 * {@code organizationInvitation.accepted}); by default an id made from the email
	 * address.
	 * @param userId the user id
	 * @return this builder
	 */
	public ClerkInvitationBuilder acceptedBy(String userId) {
		this.acceptedBy = userId;
		return this;
	}

	/**
	 * The user who accepts the invitation.
	 * @return the id set with {@link #acceptedBy(String)}, or one made from the email
	 * address
	 */
	public String acceptedBy() {
		return (this.acceptedBy != null) ? this.acceptedBy
				: "user_" + Integer.toHexString(this.emailAddress.hashCode() & 0x7FFFFFFF) + "invitee";
	}

	/**
	 * Sets the invitation link ({@code url}).
	 * @param url the URL, or {@code null} (the default)
	 * @return this builder
	 */
	public ClerkInvitationBuilder url(@Nullable String url) {
		this.url = url;
		return this;
	}

	/**
	 * Sets the public metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkInvitationBuilder publicMetadata(Map<String, ?> metadata) {
		this.publicMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets when the invitation was sent; it expires 30 days later.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkInvitationBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		this.revision.created(createdAt);
		return this;
	}

	/**
	 * Sets when the invitation last changed. A time set here wins over the one each new
	 * event moves forward (see {@link ClerkRevisioned}).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkInvitationBuilder updatedAt(Instant updatedAt) {
		this.revision.set(updatedAt);
		return this;
	}

	@Override
	public Instant updatedAt() {
		return this.revision.updatedAt();
	}

	@Override
	public Instant revise() {
		return this.revision.revise();
	}

	@Override
	public Map<String, @Nullable Object> toMap() {
		Map<String, @Nullable Object> invitation = new LinkedHashMap<>();
		invitation.put("object", "organization_invitation");
		invitation.put("id", this.id);
		invitation.put("email_address", this.emailAddress);
		invitation.put("role", this.role);
		invitation.put("role_name", (this.roleName != null) ? this.roleName : RoleNames.displayName(this.role));
		invitation.put("organization_id", this.organization.id());
		invitation.put("inviter_id", this.inviterId);
		invitation.put("public_inviter_data",
				(this.publicInviterData != null) ? new LinkedHashMap<>(this.publicInviterData) : null);
		invitation.put("status", this.status);
		invitation.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		invitation.put("private_metadata", new LinkedHashMap<>());
		invitation.put("url", this.url);
		invitation.put("expires_at", this.createdAt.plus(VALIDITY).toEpochMilli());
		invitation.put("created_at", this.createdAt.toEpochMilli());
		invitation.put("updated_at", updatedAt().toEpochMilli());
		return invitation;
	}

	/**
	 * The invitation as {@code organizationInvitation.accepted} carries it: with the
	 * {@code user_id} of the user who accepted it, and the organization's public data
	 * under {@code data.public_organization_data}, as Clerk's schema requires.
	 * @return a fresh, mutable map
	 */
	public Map<String, @Nullable Object> toAcceptedMap() {
		Map<String, @Nullable Object> invitation = toMap();
		invitation.put("user_id", acceptedBy());
		Map<String, @Nullable Object> organizationData = new LinkedHashMap<>();
		organizationData.put("id", this.organization.id());
		organizationData.put("name", this.organization.name());
		organizationData.put("slug", this.organization.slug());
		organizationData.put("image_url", this.organization.imageUrl());
		organizationData.put("has_image", this.organization.hasImage());
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("public_organization_data", organizationData);
		invitation.put("data", data);
		return invitation;
	}

}
