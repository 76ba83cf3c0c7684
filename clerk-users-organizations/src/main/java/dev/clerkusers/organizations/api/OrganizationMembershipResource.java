package dev.clerkusers.organizations.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.clerkusers.api.ClerkResource;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk organization membership, as the Backend API lists it and as
 * {@code organizationMembership.*} webhooks carry it (deletions included).
 *
 * @param id the membership id ({@code orgmem_…})
 * @param role the role key, for example {@code org:admin}
 * @param permissions the permission keys of the role
 * @param publicMetadata metadata readable from the frontend
 * @param privateMetadata metadata readable only from the backend
 * @param organization the organization
 * @param publicUserData the member's public data
 * @param createdAt when the user joined
 * @param updatedAt when the membership last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrganizationMembershipResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("role") @Nullable String role, @JsonProperty("permissions") @Nullable List<String> permissions,
		@JsonProperty("public_metadata") @Nullable Map<String, @Nullable Object> publicMetadata,
		@JsonProperty("private_metadata") @Nullable Map<String, @Nullable Object> privateMetadata,
		@JsonProperty("organization") @Nullable OrganizationResource organization,
		@JsonProperty("public_user_data") @Nullable PublicUserDataResource publicUserData,
		@JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
