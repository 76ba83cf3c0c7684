package dev.clerkusers.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Clerk user, as the Backend API returns it and as {@code user.created} and
 * {@code user.updated} webhooks carry it. Only the fields this library uses are bound;
 * everything else Clerk sends is ignored, so new fields never break parsing. Times are
 * Unix epoch milliseconds, as Clerk sends them.
 *
 * @param id the user id ({@code user_…})
 * @param externalId the id the application gave the user in Clerk, if any
 * @param username the username, if the instance uses usernames
 * @param firstName the first name
 * @param lastName the last name
 * @param imageUrl the profile image URL
 * @param primaryEmailAddressId the id of the primary address in {@link #emailAddresses()}
 * @param emailAddresses every email address of the user
 * @param publicMetadata metadata readable from the frontend
 * @param privateMetadata metadata readable only from the backend
 * @param unsafeMetadata metadata the user can write from the frontend
 * @param banned whether the user is banned
 * @param locked whether the user is locked out (too many failed sign-in attempts)
 * @param deprovisioned whether the user's identity provider deprovisioned the user
 * (enterprise SSO with SCIM)
 * @param lockoutExpiresInSeconds how long a lockout lasts from now, {@code null} when it
 * does not end by itself
 * @param createdAt when the user was created in Clerk (epoch milliseconds)
 * @param updatedAt when the user was last changed in Clerk (epoch milliseconds)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserResource(@JsonProperty("id") @Nullable String id,
		@JsonProperty("external_id") @Nullable String externalId, @JsonProperty("username") @Nullable String username,
		@JsonProperty("first_name") @Nullable String firstName, @JsonProperty("last_name") @Nullable String lastName,
		@JsonProperty("image_url") @Nullable String imageUrl,
		@JsonProperty("primary_email_address_id") @Nullable String primaryEmailAddressId,
		@JsonProperty("email_addresses") @Nullable List<EmailAddressResource> emailAddresses,
		@JsonProperty("public_metadata") @Nullable Map<String, @Nullable Object> publicMetadata,
		@JsonProperty("private_metadata") @Nullable Map<String, @Nullable Object> privateMetadata,
		@JsonProperty("unsafe_metadata") @Nullable Map<String, @Nullable Object> unsafeMetadata,
		@JsonProperty("banned") @Nullable Boolean banned, @JsonProperty("locked") @Nullable Boolean locked,
		@JsonProperty("deprovisioned") @Nullable Boolean deprovisioned,
		@JsonProperty("lockout_expires_in_seconds") @Nullable Long lockoutExpiresInSeconds,
		@JsonProperty("created_at") @Nullable Long createdAt,
		@JsonProperty("updated_at") @Nullable Long updatedAt) implements ClerkResource {

	/**
	 * The address named by {@link #primaryEmailAddressId()}.
	 * @return the primary address, or empty when the user has none
	 */
	public Optional<EmailAddressResource> primaryEmailAddress() {
		if (this.primaryEmailAddressId == null || this.emailAddresses == null) {
			return Optional.empty();
		}
		return this.emailAddresses.stream()
			.filter((address) -> this.primaryEmailAddressId.equals(address.id()))
			.findFirst();
	}

	/**
	 * Whether an address is the user's primary one, verified: the only address through
	 * which a local account is linked to the user (by a sync, a webhook, a first sign-in
	 * or a push).
	 * @param email the address, its ASCII letters in any case
	 * @return {@code true} when it is the verified primary address
	 */
	public boolean hasVerifiedPrimaryEmail(String email) {
		return primaryEmailAddress().filter(
				(primary) -> primary.isVerified() && EmailAddressResource.sameAddress(email, primary.emailAddress()))
			.isPresent();
	}

	/**
	 * Whether the user has proven it owns an address: the address is one of the user's
	 * and verified.
	 * @param email the address, its ASCII letters in any case
	 * @return {@code true} when verified on this user
	 */
	public boolean hasVerifiedEmail(String email) {
		return this.emailAddresses != null && this.emailAddresses.stream()
			.anyMatch((address) -> address.isVerified()
					&& EmailAddressResource.sameAddress(email, address.emailAddress()));
	}

	/**
	 * This data as it stands later than Clerk sent it: a lockout, which Clerk counts from
	 * when it sends the data ({@code lockout_expires_in_seconds}), is shortened by the
	 * time since, down to zero (ended). Other fields are left as they are.
	 * @param sentAt when Clerk sent the data, for example a webhook event's timestamp
	 * @param now when the data is applied
	 * @return the data as of {@code now}
	 */
	public UserResource asOf(Instant sentAt, Instant now) {
		if (this.lockoutExpiresInSeconds == null || !sentAt.isBefore(now)) {
			return this;
		}
		long remaining = Math.max(0, this.lockoutExpiresInSeconds - Duration.between(sentAt, now).toSeconds());
		return new UserResource(this.id, this.externalId, this.username, this.firstName, this.lastName, this.imageUrl,
				this.primaryEmailAddressId, this.emailAddresses, this.publicMetadata, this.privateMetadata,
				this.unsafeMetadata, this.banned, this.locked, this.deprovisioned, remaining, this.createdAt,
				this.updatedAt);
	}

	/**
	 * The user that owns an address, among the users Clerk lists for it: the only one,
	 * with the address verified. Clerk lists a user for an address it has not verified
	 * too, so the first one listed may merely claim it.
	 * @param listed the users Clerk listed for the address
	 * @param email the address
	 * @return the owner, or empty when no user or several list the address, or the only
	 * one has not verified it
	 */
	public static Optional<UserResource> ownerOf(List<UserResource> listed, String email) {
		return (listed.size() == 1 && listed.get(0).hasVerifiedEmail(email)) ? Optional.of(listed.get(0))
				: Optional.empty();
	}

	/**
	 * Whether Clerk reports the user as banned: the local account is inactive until Clerk
	 * lifts the ban.
	 * @return {@code true} when banned
	 */
	public boolean isBanned() {
		return Boolean.TRUE.equals(this.banned);
	}

	/**
	 * Whether Clerk reports the user as deprovisioned by the identity provider of its
	 * enterprise connection: the local account is inactive until the user is provisioned
	 * again.
	 * @return {@code true} when deprovisioned
	 */
	public boolean isDeprovisioned() {
		return Boolean.TRUE.equals(this.deprovisioned);
	}

	/**
	 * Whether Clerk reports the user as locked out.
	 * @return {@code true} when locked
	 */
	public boolean isLocked() {
		return Boolean.TRUE.equals(this.locked);
	}

}
