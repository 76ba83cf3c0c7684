package dev.clerkusers.organizations.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.clerkusers.api.ClerkResource;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk organization, as the Backend API returns it and as {@code organization.*}
 * webhooks carry it (and as memberships embed it). Times are epoch milliseconds.
 *
 * @param id the organization id ({@code org_…})
 * @param name the name
 * @param slug the slug
 * @param imageUrl the logo URL
 * @param membersCount how many members it has, when Clerk includes it
 * @param pendingInvitationsCount how many invitations are pending, when Clerk includes it
 * @param maxAllowedMemberships the membership limit, 0 for none
 * @param publicMetadata metadata readable from the frontend
 * @param privateMetadata metadata readable only from the backend
 * @param createdBy the user who created it
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrganizationResource(@JsonProperty("id") @Nullable String id, @JsonProperty("name") @Nullable String name,
		@JsonProperty("slug") @Nullable String slug, @JsonProperty("image_url") @Nullable String imageUrl,
		@JsonProperty("members_count") @Nullable Integer membersCount,
		@JsonProperty("pending_invitations_count") @Nullable Integer pendingInvitationsCount,
		@JsonProperty("max_allowed_memberships") @Nullable Integer maxAllowedMemberships,
		@JsonProperty("public_metadata") @Nullable Map<String, @Nullable Object> publicMetadata,
		@JsonProperty("private_metadata") @Nullable Map<String, @Nullable Object> privateMetadata,
		@JsonProperty("created_by") @Nullable String createdBy, @JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
