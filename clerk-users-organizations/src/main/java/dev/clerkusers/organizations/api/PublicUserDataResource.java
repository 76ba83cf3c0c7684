package dev.clerkusers.organizations.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The public data of a member, as memberships embed it.
 *
 * @param userId the user id
 * @param firstName the first name
 * @param lastName the last name
 * @param imageUrl the profile image URL
 * @param identifier the user's identifier (an email, a phone number or a username; not
 * verified data)
 * @param username the username
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublicUserDataResource(@JsonProperty("user_id") @Nullable String userId,
		@JsonProperty("first_name") @Nullable String firstName, @JsonProperty("last_name") @Nullable String lastName,
		@JsonProperty("image_url") @Nullable String imageUrl, @JsonProperty("identifier") @Nullable String identifier,
		@JsonProperty("username") @Nullable String username) {
}
