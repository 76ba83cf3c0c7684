package dev.clerkusers.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An invitation to sign up to the instance (not to an organization).
 *
 * @param id the invitation id ({@code inv_…})
 * @param emailAddress the invited address
 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired}
 * @param url the invitation URL, if any
 * @param publicMetadata metadata the new user will get
 * @param createdAt when it was sent
 * @param updatedAt when it last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvitationResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("email_address") @Nullable String emailAddress, @JsonProperty("status") @Nullable String status,
		@JsonProperty("url") @Nullable String url,
		@JsonProperty("public_metadata") @Nullable Map<String, @Nullable Object> publicMetadata,
		@JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {
}
