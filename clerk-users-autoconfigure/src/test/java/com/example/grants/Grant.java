package com.example.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.clerkusers.api.ClerkResource;
import org.jspecify.annotations.Nullable;

/**
 * An application's own Clerk resource, read from a webhook's data: its fields are not the
 * library's, so none of them is ignored when its type is wrong.
 *
 * @param id the grant's id
 * @param url where it applies
 * @param expiresAt when it expires, epoch milliseconds; {@code null} for never
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Grant(@JsonProperty("id") @Nullable String id, @JsonProperty("url") @Nullable String url,
		@JsonProperty("expires_at") @Nullable Long expiresAt, @JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
