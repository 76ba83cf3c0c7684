package dev.clerkusers.test.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk organization membership ({@code "object": "organization_membership"}),
 * with its organization and the member's public data embedded, as Clerk sends them.
 */
public final class ClerkMembershipBuilder implements ClerkJson {

	private final String id;

	private final ClerkOrganizationBuilder organization;

	private final String userId;

	private @Nullable String firstName;

	private @Nullable String lastName;

	private @Nullable String identifier;

	private String role = "org:member";

	private List<String> permissions = new ArrayList<>();

	private Map<String, Object> publicMetadata = new LinkedHashMap<>();

	private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

	private Instant updatedAt = Instant.parse("2026-01-01T00:00:00Z");

	ClerkMembershipBuilder(String id, ClerkOrganizationBuilder organization, String userId) {
		this.id = id;
		this.organization = organization;
		this.userId = userId;
	}

	/**
	 * @return the membership id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * @return the organization
	 */
	public ClerkOrganizationBuilder organization() {
		return this.organization;
	}

	/**
	 * @return the member's user id
	 */
	public String userId() {
		return this.userId;
	}

	/**
	 * Sets the role and its permissions.
	 * @param role the role key, for example {@code org:admin}
	 * @param permissions the permission keys, for example {@code org:teams:manage}
	 * @return this builder
	 */
	public ClerkMembershipBuilder role(String role, String... permissions) {
		this.role = role;
		this.permissions = new ArrayList<>(List.of(permissions));
		return this;
	}

	/**
	 * Sets the member's public data.
	 * @param firstName the first name
	 * @param lastName the last name
	 * @param identifier the identifier (an email, say)
	 * @return this builder
	 */
	public ClerkMembershipBuilder member(@Nullable String firstName, @Nullable String lastName,
			@Nullable String identifier) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.identifier = identifier;
		return this;
	}

	/**
	 * Sets the public metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkMembershipBuilder publicMetadata(Map<String, ?> metadata) {
		this.publicMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets when the user joined.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkMembershipBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		return this;
	}

	/**
	 * Sets when the membership last changed.
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkMembershipBuilder updatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
		return this;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> publicUserData = new LinkedHashMap<>();
		publicUserData.put("user_id", this.userId);
		publicUserData.put("first_name", this.firstName);
		publicUserData.put("last_name", this.lastName);
		publicUserData.put("image_url", "https://img.clerk.com/default.png");
		publicUserData.put("has_image", false);
		publicUserData.put("identifier", this.identifier);
		Map<String, Object> membership = new LinkedHashMap<>();
		membership.put("object", "organization_membership");
		membership.put("id", this.id);
		membership.put("role", this.role);
		membership.put("role_name", this.role.replace("org:", ""));
		membership.put("permissions", new ArrayList<>(this.permissions));
		membership.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		membership.put("private_metadata", new LinkedHashMap<>());
		membership.put("organization", this.organization.toMap());
		membership.put("public_user_data", publicUserData);
		membership.put("created_at", this.createdAt.toEpochMilli());
		membership.put("updated_at", this.updatedAt.toEpochMilli());
		return membership;
	}

}
