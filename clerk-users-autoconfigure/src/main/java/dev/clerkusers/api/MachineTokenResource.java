package dev.clerkusers.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What Clerk's verify endpoints return for an opaque machine token: an API key
 * ({@code object: api_key}), an M2M token ({@code machine_to_machine_token}) or an OAuth
 * access token ({@code clerk_idp_oauth_access_token}). Fields a type does not have are
 * {@code null}.
 *
 * @param object the kind of object
 * @param id the key or token id ({@code ak_…}, {@code mt_…}, {@code oat_…})
 * @param subject a user, organization or machine id
 * @param name an API key's name
 * @param scopes the scopes (for M2M: the machines it may call)
 * @param claims the custom claims of an API key or M2M token
 * @param clientId an OAuth token's client id
 * @param aud an OAuth token's audience: a string, or an array of strings
 * @param revoked whether it is revoked
 * @param revocationReason why it was revoked
 * @param expired whether it has expired
 * @param expiration when it expires, epoch milliseconds, or {@code null} for never
 * @param active {@code false} in the {@code {"active": false}} answer about an inactive
 * OAuth JWT
 * @param createdAt when it was created, epoch milliseconds
 * @param updatedAt when it last changed, epoch milliseconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MachineTokenResource(@JsonProperty("object") @Nullable String object,
		@JsonProperty("id") @Nullable String id, @JsonProperty("subject") @Nullable String subject,
		@JsonProperty("name") @Nullable String name, @JsonProperty("scopes") @Nullable List<String> scopes,
		@JsonProperty("claims") @Nullable Map<String, @Nullable Object> claims,
		@JsonProperty("client_id") @Nullable String clientId, @JsonProperty("aud") @Nullable Object aud,
		@JsonProperty("revoked") @Nullable Boolean revoked,
		@JsonProperty("revocation_reason") @Nullable String revocationReason,
		@JsonProperty("expired") @Nullable Boolean expired, @JsonProperty("expiration") @Nullable Long expiration,
		@JsonProperty("active") @Nullable Boolean active, @JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {

	/**
	 * Whether a value is a scope as Clerk's machine tokens have them (rule M5a of the
	 * security model): not empty, and no whitespace or space character in it (a no-break
	 * space included). A scope becomes an authority, {@code SCOPE_<scope>}, so the
	 * library refuses a token with any other, in Clerk's answer about an opaque token as
	 * in a JWT's claims.
	 * @param value the value
	 * @return {@code true} when it is a scope
	 */
	public static boolean isScope(String value) {
		return !value.isEmpty()
				&& value.codePoints().noneMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c));
	}

}
