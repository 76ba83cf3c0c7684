package dev.clerkusers.test.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk organization object ({@code "object": "organization"}).
 */
public final class ClerkOrganizationBuilder implements ClerkJson {

	private final String id;

	private String name;

	private @Nullable String slug;

	private @Nullable String imageUrl;

	private int maxAllowedMemberships = 5;

	private Map<String, Object> publicMetadata = new LinkedHashMap<>();

	private Map<String, Object> privateMetadata = new LinkedHashMap<>();

	private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

	private Instant updatedAt = Instant.parse("2026-01-01T00:00:00Z");

	ClerkOrganizationBuilder(String id) {
		this.id = id;
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
	 * @param slug the slug
	 * @return this builder
	 */
	public ClerkOrganizationBuilder name(String name, @Nullable String slug) {
		this.name = name;
		this.slug = slug;
		return this;
	}

	/**
	 * Sets the logo URL.
	 * @param imageUrl the URL
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
		return this;
	}

	/**
	 * Sets when the organization last changed.
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkOrganizationBuilder updatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
		return this;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> organization = new LinkedHashMap<>();
		organization.put("object", "organization");
		organization.put("id", this.id);
		organization.put("name", this.name);
		organization.put("slug", this.slug);
		organization.put("image_url", this.imageUrl);
		organization.put("has_image", this.imageUrl != null);
		organization.put("max_allowed_memberships", this.maxAllowedMemberships);
		organization.put("admin_delete_enabled", true);
		organization.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		organization.put("private_metadata", new LinkedHashMap<>(this.privateMetadata));
		organization.put("created_by", null);
		organization.put("created_at", this.createdAt.toEpochMilli());
		organization.put("updated_at", this.updatedAt.toEpochMilli());
		return organization;
	}

}
