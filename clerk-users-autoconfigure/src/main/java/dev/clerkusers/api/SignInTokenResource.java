package dev.clerkusers.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in token: a one-time ticket that signs its user in (the {@code __clerk_ticket}
 * of a sign-in link).
 *
 * @param id the token's id
 * @param userId the user it signs in
 * @param token the ticket
 * @param status {@code pending}, {@code accepted} or {@code revoked}
 * @param url Clerk's URL for it, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignInTokenResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("user_id") @Nullable String userId, @JsonProperty("token") @Nullable String token,
		@JsonProperty("status") @Nullable String status, @JsonProperty("url") @Nullable String url) {

	/**
	 * The token without its ticket or the URL that carries it, so that a token logged
	 * lets no one sign in.
	 * @return the text
	 */
	@Override
	public String toString() {
		return "SignInTokenResource[id=" + this.id + ", userId=" + this.userId + ", token="
				+ CreateUserRequest.hidden(this.token) + ", status=" + this.status + ", url="
				+ CreateUserRequest.hidden(this.url) + "]";
	}

}
