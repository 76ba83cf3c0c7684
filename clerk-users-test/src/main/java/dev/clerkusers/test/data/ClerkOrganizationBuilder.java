package dev.clerkusers.test.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk organization object ({@code "object": "organization"}), as
 * {@code organization.*} webhooks carry it and memberships embed it. An organization
 * without an uploaded logo has Clerk's default image as {@code image_url} and
 * {@code has_image: false}; it was created by a user ({@code created_by}) and has one
 * member and no pending invitation unless set.
 */
public final class ClerkOrganizationBuilder implements ClerkRevisioned {

	private final String id;

	private String name;

	private @Nullable String slug;

	private @Nullable String imageUrl;

	private int maxAllowedMemberships = 5;

	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	private Map<String, @Nullable Object> privateMetadata = new LinkedHashMap<>();

	private String createdBy;

	private int membersCount = 1;

	private int pendingInvitationsCount;

	private boolean missingMemberWithElevatedPermissions;

	private Instant createdAt = ClerkData.DEFAULT_TIME;

	private final Revision revision = new Revision(ClerkData.DEFAULT_TIME);

	ClerkOrganizationBuilder(String id) {
		this.id = id;
		this.createdBy = "user_" + Integer.toHexString(id.hashCode() & 0x7FFFFFFF) + "creator";
		this.name = "Organization " + id;
		this.slug = id.replace('_', '-').toLowerCase(Locale.ROOT);
	}

	/**
	 * @return the organization id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Sets the name and slug.
	 * @param name the name
	 * @param slug the slug ({@code null} writes a {@code null} slug, which Clerk never
	 * sends)
	 * @return this builder
	 */
	public ClerkOrganizationBuilder name(String name, @Nullable String slug) {
		this.name = name;
		this.slug = slug;
		return this;
	}

	/**
	 * Sets the URL of the uploaded logo ({@code has_image: true}).
	 * @param imageUrl the URL, or {@code null} for none: Clerk's default image, with
	 * {@code has_image: false}
	 * @return this builder
	 */
	public ClerkOrganizationBuilder imageUrl(@Nullable String imageUrl) {
		this.imageUrl = imageUrl;
		return this;
	}

	/**
	 * Sets the membership limit.
	 * @param maxAllowedMemberships the limit, 0 for none
	 * @return this builder
	 */
	public ClerkOrganizationBuilder maxAllowedMemberships(int maxAllowedMemberships) {
		this.maxAllowedMemberships = maxAllowedMemberships;
		return this;
	}

	/**
	 * Sets the user who created the organization ({@code created_by}).
	 * @param userId the user id
	 * @return this builder
	 */
	public ClerkOrganizationBuilder createdBy(String userId) {
		this.createdBy = userId;
		return this;
	}

	/**
	 * Sets the counts Clerk reports ({@code members_count},
	 * {@code pending_invitations_count}) in the organization's webhook events. The fake's
	 * Backend API counts the members from the memberships it holds, and writes the count
	 * only when {@code include_members_count=true} asks for it, as Clerk does.
	 * @param membersCount the number of members
	 * @param pendingInvitationsCount the number of pending invitations
	 * @return this builder
	 */
	public ClerkOrganizationBuilder counts(int membersCount, int pendingInvitationsCount) {
		this.membersCount = membersCount;
		this.pendingInvitationsCount = pendingInvitationsCount;
		return this;
	}

	/**
	 * Sets whether the organization lacks a member with elevated permissions
	 * ({@code missing_member_with_elevated_permissions}).
	 * @param missing whether no member can manage it
	 * @return this builder
	 */
	public ClerkOrganizationBuilder missingMemberWithElevatedPermissions(boolean missing) {
		this.missingMemberWithElevatedPermissions = missing;
		return this;
	}

	/**
	 * The name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The slug.
	 * @return the slug, or {@code null}
	 */
	public @Nullable String slug() {
		return this.slug;
	}

	/**
	 * The URL of the logo: the uploaded one, or Clerk's default image.
	 * @return the URL
	 */
	public String imageUrl() {
		return (this.imageUrl != null) ? this.imageUrl : ClerkData.defaultImageUrl(this.id);
	}

	/**
	 * Whether a logo was uploaded.
	 * @return {@code true} when {@link #imageUrl(String)} set one
	 */
	public boolean hasImage() {
		return this.imageUrl != null;
	}

	/**
	 * Sets the public metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkOrganizationBuilder publicMetadata(Map<String, ?> metadata) {
		this.publicMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets the private metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkOrganizationBuilder privateMetadata(Map<String, ?> metadata) {
		this.privateMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets when the organization was created.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkOrganizationBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		this.revision.created(createdAt);
		return this;
	}

	/**
	 * Sets when the organization last changed. A time set here wins over the one each new
	 * event moves forward, and is taken by the next revision, which a membership event or
	 * {@code addMembership} that carries the organization is too (see
	 * {@link ClerkRevisioned}).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkOrganizationBuilder updatedAt(Instant updatedAt) {
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

	/**
	 * The organization as {@code organization.deleted} carries it: Clerk's deleted object
	 * ({@code {"object": "organization", "id": …, "slug": …, "deleted": true}}), the slug
	 * left out only when it is {@code null}.
	 * @return a fresh, mutable map
	 */
	public Map<String, @Nullable Object> toDeletedMap() {
		return ClerkData.deleted("organization", this.id, this.slug, null);
	}

	@Override
	public Map<String, @Nullable Object> toMap() {
		Map<String, @Nullable Object> organization = new LinkedHashMap<>();
		organization.put("object", "organization");
		organization.put("id", this.id);
		organization.put("name", this.name);
		organization.put("slug", this.slug);
		organization.put("image_url", imageUrl());
		organization.put("has_image", hasImage());
		organization.put("members_count", this.membersCount);
		organization.put("missing_member_with_elevated_permissions", this.missingMemberWithElevatedPermissions);
		organization.put("pending_invitations_count", this.pendingInvitationsCount);
		organization.put("max_allowed_memberships", this.maxAllowedMemberships);
		organization.put("admin_delete_enabled", true);
		organization.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		organization.put("private_metadata", new LinkedHashMap<>(this.privateMetadata));
		organization.put("created_by", this.createdBy);
		organization.put("created_at", this.createdAt.toEpochMilli());
		organization.put("updated_at", updatedAt().toEpochMilli());
		return organization;
	}

}
