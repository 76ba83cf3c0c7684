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
 * {@code role} is the role key ({@code org:admin}), {@code role_name} its display name
 * ({@code Admin}).
 */
public final class ClerkMembershipBuilder implements ClerkRevisioned {

	private final String id;

	private final ClerkOrganizationBuilder organization;

	private final String userId;

	private @Nullable String firstName;

	private @Nullable String lastName;

	private @Nullable String identifier;

	private String role = "org:member";

	private @Nullable String roleName;

	private @Nullable String imageUrl;

	private List<String> permissions = new ArrayList<>();

	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	private Instant createdAt = ClerkData.DEFAULT_TIME;

	private final Revision revision = new Revision(ClerkData.DEFAULT_TIME);

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
	 * Sets the role and its permissions. The membership's {@code permissions} are exactly
	 * these: no system permissions ({@code org:sys_*}) are added for the role, so pass
	 * them when a test needs them.
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
	 * Sets the display name of the role ({@code role_name}); by default it is made from
	 * the key, as Clerk's default roles are named ({@code org:admin} is {@code Admin},
	 * {@code org:billing_manager} is {@code Billing manager}).
	 * @param roleName the display name
	 * @return this builder
	 */
	public ClerkMembershipBuilder roleName(String roleName) {
		this.roleName = roleName;
		return this;
	}

	/**
	 * Sets the URL of the image the member uploaded ({@code public_user_data.has_image:
	 * true}).
	 * @param imageUrl the URL, or {@code null} for Clerk's default image
	 * @return this builder
	 */
	public ClerkMembershipBuilder memberImageUrl(@Nullable String imageUrl) {
		this.imageUrl = imageUrl;
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
		this.revision.created(createdAt);
		return this;
	}

	/**
	 * Sets when the membership last changed. A time set here wins over the one each new
	 * event moves forward (see {@link ClerkRevisioned}).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkMembershipBuilder updatedAt(Instant updatedAt) {
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
		String image = (this.imageUrl != null) ? this.imageUrl : ClerkData.defaultImageUrl(this.userId);
		Map<String, @Nullable Object> publicUserData = new LinkedHashMap<>();
		publicUserData.put("user_id", this.userId);
		publicUserData.put("first_name", this.firstName);
		publicUserData.put("last_name", this.lastName);
		publicUserData.put("profile_image_url", image);
		publicUserData.put("image_url", image);
		publicUserData.put("has_image", this.imageUrl != null);
		publicUserData.put("identifier", this.identifier);
		publicUserData.put("username", null);
		publicUserData.put("banned", false);
		publicUserData.put("deprovisioned", false);
		Map<String, @Nullable Object> membership = new LinkedHashMap<>();
		membership.put("object", "organization_membership");
		membership.put("id", this.id);
		membership.put("role", this.role);
		membership.put("role_name", (this.roleName != null) ? this.roleName : RoleNames.displayName(this.role));
		membership.put("permissions", new ArrayList<>(this.permissions));
		membership.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		membership.put("private_metadata", new LinkedHashMap<>());
		membership.put("organization", this.organization.toMap());
		membership.put("public_user_data", publicUserData);
		membership.put("created_at", this.createdAt.toEpochMilli());
		membership.put("updated_at", updatedAt().toEpochMilli());
		return membership;
	}

}
