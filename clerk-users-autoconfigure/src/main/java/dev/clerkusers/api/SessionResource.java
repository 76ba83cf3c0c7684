package dev.clerkusers.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk session.
 *
 * @param id the session id ({@code sess_…})
 * @param userId the user
 * @param status {@code active}, {@code ended}, {@code revoked}, {@code removed},
 * {@code expired}…
 * @param createdAt when it started
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionResource(@JsonProperty("id") @Nullable String id, @JsonProperty("user_id") @Nullable String userId,
		@JsonProperty("status") @Nullable String status, @JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
