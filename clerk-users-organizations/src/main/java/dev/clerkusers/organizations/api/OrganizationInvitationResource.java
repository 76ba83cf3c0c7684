package dev.clerkusers.organizations.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.clerkusers.api.ClerkResource;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk organization invitation, as the Backend API lists it and as
 * {@code organizationInvitation.*} webhooks carry it.
 *
 * @param id the invitation id ({@code orginv_…})
 * @param emailAddress the invited address
 * @param role the role the invitee will have
 * @param organizationId the organization
 * @param inviterId the user who invited, if known
 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired}
 * @param url the invitation URL, if any
 * @param expiresAt when it expires
 * @param publicMetadata metadata readable from the frontend
 * @param privateMetadata metadata readable only from the backend
 * @param createdAt when it was sent
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrganizationInvitationResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("email_address") @Nullable String emailAddress, @JsonProperty("role") @Nullable String role,
		@JsonProperty("organization_id") @Nullable String organizationId,
		@JsonProperty("inviter_id") @Nullable String inviterId, @JsonProperty("status") @Nullable String status,
		@JsonProperty("url") @Nullable String url, @JsonProperty("expires_at") @Nullable Long expiresAt,
		@JsonProperty("public_metadata") @Nullable Map<String, @Nullable Object> publicMetadata,
		@JsonProperty("private_metadata") @Nullable Map<String, @Nullable Object> privateMetadata,
		@JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
