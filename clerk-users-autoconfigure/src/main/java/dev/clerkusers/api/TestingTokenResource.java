package dev.clerkusers.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A testing token, which lets end-to-end tests of a frontend pass Clerk's bot protection.
 *
 * @param token the token
 * @param expiresAt when it expires (epoch seconds)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestingTokenResource(@JsonProperty("token") @Nullable String token,
		@JsonProperty("expires_at") @Nullable Long expiresAt) {
}
