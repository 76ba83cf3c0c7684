package dev.clerkusers.test.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds a Clerk user object ({@code "object": "user"}) as the Backend API returns it and
 * as {@code user.created}, {@code user.updated} and session webhooks carry it, with every
 * field Clerk's schema requires. Times are written in epoch milliseconds, as Clerk does.
 * A user without an uploaded image has Clerk's default image as {@code image_url} and
 * {@code has_image: false}.
 *
 * <pre class="code">
 * Map&lt;String, Object&gt; user = ClerkData.user("user_2abc")
 *     .email("ada@example.com")        // primary, verified
 *     .name("Ada", "Lovelace")
 *     .updatedAt(Instant.parse("2026-01-01T00:00:00Z"))
 *     .toMap();
 * </pre>
 */
public final class ClerkUserBuilder implements ClerkRevisioned {

	private final String id;

	private @Nullable String externalId;

	private @Nullable String username;

	private @Nullable String firstName;

	private @Nullable String lastName;

	private @Nullable String imageUrl;

	private final List<Map<String, @Nullable Object>> emailAddresses = new ArrayList<>();

	private @Nullable String primaryEmailAddressId;

	private Map<String, @Nullable Object> publicMetadata = new LinkedHashMap<>();

	private Map<String, @Nullable Object> privateMetadata = new LinkedHashMap<>();

	private Map<String, @Nullable Object> unsafeMetadata = new LinkedHashMap<>();

	private boolean banned;

	private boolean locked;

	private boolean deprovisioned;

	private @Nullable Long lockoutExpiresInSeconds;

	private @Nullable String passwordDigest;

	private @Nullable Instant lastSignInAt;

	private @Nullable Instant lastActiveAt;

	private @Nullable Instant legalAcceptedAt;

	private @Nullable Instant mfaEnabledAt;

	private Instant createdAt = ClerkData.DEFAULT_TIME;

	private final Revision revision = new Revision(ClerkData.DEFAULT_TIME);

	ClerkUserBuilder(String id) {
		this.id = id;
	}

	/**
	 * The user id.
	 * @return the id ({@code user_…})
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Adds a verified email address and makes it the primary one.
	 * @param email the address
	 * @return this builder
	 */
	public ClerkUserBuilder email(String email) {
		return email(email, true, true);
	}

	/**
	 * Adds an email address.
	 * @param email the address
	 * @param verified whether its verification status is {@code verified} (else
	 * {@code unverified})
	 * @param primary whether it is the primary address
	 * @return this builder
	 */
	public ClerkUserBuilder email(String email, boolean verified, boolean primary) {
		String addressId = "idn_" + Integer.toHexString((this.id + email).hashCode()) + this.emailAddresses.size();
		Map<String, @Nullable Object> verification = new LinkedHashMap<>();
		verification.put("object", "verification_otp");
		verification.put("status", verified ? "verified" : "unverified");
		verification.put("strategy", "email_code");
		verification.put("attempts", verified ? 1 : 0);
		verification.put("expire_at", null);
		Map<String, @Nullable Object> address = new LinkedHashMap<>();
		address.put("id", addressId);
		address.put("object", "email_address");
		address.put("email_address", email);
		address.put("reserved", false);
		address.put("verification", verification);
		address.put("linked_to", new ArrayList<>());
		address.put("created_at", this.createdAt.toEpochMilli());
		address.put("updated_at", this.createdAt.toEpochMilli());
		this.emailAddresses.add(address);
		if (primary) {
			this.primaryEmailAddressId = addressId;
		}
		return this;
	}

	/**
	 * Sets the username.
	 * @param username the username, or {@code null}
	 * @return this builder
	 */
	public ClerkUserBuilder username(@Nullable String username) {
		this.username = username;
		return this;
	}

	/**
	 * Sets the external id.
	 * @param externalId the external id, or {@code null}
	 * @return this builder
	 */
	public ClerkUserBuilder externalId(@Nullable String externalId) {
		this.externalId = externalId;
		return this;
	}

	/**
	 * Sets the first and last name.
	 * @param firstName the first name, or {@code null}
	 * @param lastName the last name, or {@code null}
	 * @return this builder
	 */
	public ClerkUserBuilder name(@Nullable String firstName, @Nullable String lastName) {
		this.firstName = firstName;
		this.lastName = lastName;
		return this;
	}

	/**
	 * Sets the URL of the image the user uploaded ({@code has_image: true}).
	 * @param imageUrl the URL, or {@code null} for none: Clerk's default image, with
	 * {@code has_image: false}
	 * @return this builder
	 */
	public ClerkUserBuilder imageUrl(@Nullable String imageUrl) {
		this.imageUrl = imageUrl;
		return this;
	}

	/**
	 * Sets the public metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkUserBuilder publicMetadata(Map<String, ?> metadata) {
		this.publicMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets the private metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkUserBuilder privateMetadata(Map<String, ?> metadata) {
		this.privateMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets the unsafe metadata.
	 * @param metadata the metadata
	 * @return this builder
	 */
	public ClerkUserBuilder unsafeMetadata(Map<String, ?> metadata) {
		this.unsafeMetadata = new LinkedHashMap<>(metadata);
		return this;
	}

	/**
	 * Sets whether the user is banned.
	 * @param banned whether banned
	 * @return this builder
	 */
	public ClerkUserBuilder banned(boolean banned) {
		this.banned = banned;
		return this;
	}

	/**
	 * Sets whether the user is deprovisioned by the identity provider of its enterprise
	 * connection (SCIM).
	 * @param deprovisioned whether deprovisioned
	 * @return this builder
	 */
	public ClerkUserBuilder deprovisioned(boolean deprovisioned) {
		this.deprovisioned = deprovisioned;
		return this;
	}

	/**
	 * Sets whether the user is locked.
	 * @param locked whether locked
	 * @return this builder
	 */
	public ClerkUserBuilder locked(boolean locked) {
		this.locked = locked;
		return this;
	}

	/**
	 * Locks the user out for a while, as Clerk does after too many failed sign-in
	 * attempts: {@code locked} with {@code lockout_expires_in_seconds}. A lockout set
	 * with {@link #locked(boolean)} alone does not end by itself.
	 * <p>
	 * The lockout starts now: as Clerk's does when it locks a user out, the user's
	 * {@code updated_at}, and so the time of the next event built from this builder (from
	 * which Clerk's {@code lockout_expires_in_seconds} counts), is now, unless
	 * {@link #updatedAt(Instant)} was set since the last event (a late delivery, say).
	 * @param expiresIn how long the lockout lasts from now
	 * @return this builder
	 */
	public ClerkUserBuilder lockedFor(Duration expiresIn) {
		this.locked = true;
		this.lockoutExpiresInSeconds = expiresIn.toSeconds();
		this.revision.changedAt(Instant.now());
		return this;
	}

	/**
	 * Sets when the user last signed in ({@code last_sign_in_at}) and was last active
	 * ({@code last_active_at}).
	 * @param lastSignInAt the time, or {@code null} for never
	 * @return this builder
	 */
	public ClerkUserBuilder lastSignInAt(@Nullable Instant lastSignInAt) {
		this.lastSignInAt = lastSignInAt;
		this.lastActiveAt = lastSignInAt;
		return this;
	}

	/**
	 * Sets when the user accepted the legal terms ({@code legal_accepted_at}).
	 * @param legalAcceptedAt the time, or {@code null} for never
	 * @return this builder
	 */
	public ClerkUserBuilder legalAcceptedAt(@Nullable Instant legalAcceptedAt) {
		this.legalAcceptedAt = legalAcceptedAt;
		return this;
	}

	/**
	 * Turns multi-factor authentication on with an authenticator app
	 * ({@code two_factor_enabled}, {@code totp_enabled}, {@code mfa_enabled_at}).
	 * @param mfaEnabledAt when it was turned on, or {@code null} to leave it off
	 * @return this builder
	 */
	public ClerkUserBuilder mfaEnabledAt(@Nullable Instant mfaEnabledAt) {
		this.mfaEnabledAt = mfaEnabledAt;
		return this;
	}

	/**
	 * Records the password digest the user was imported with (kept by the fake backend
	 * only; Clerk never returns it).
	 * @param passwordDigest the digest, or {@code null}
	 * @return this builder
	 */
	public ClerkUserBuilder passwordDigest(@Nullable String passwordDigest) {
		this.passwordDigest = passwordDigest;
		return this;
	}

	/**
	 * The password digest recorded with {@link #passwordDigest(String)}.
	 * @return the digest, or {@code null}
	 */
	public @Nullable String passwordDigest() {
		return this.passwordDigest;
	}

	/**
	 * Sets when the user was created in Clerk.
	 * @param createdAt the time
	 * @return this builder
	 */
	public ClerkUserBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		this.revision.created(createdAt);
		return this;
	}

	/**
	 * Sets when the user was last updated in Clerk, the ordering key of every upsert. A
	 * time set here wins over the one each new event moves forward (see
	 * {@link ClerkRevisioned}).
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkUserBuilder updatedAt(Instant updatedAt) {
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

	/**
	 * The external id.
	 * @return the external id, or {@code null}
	 */
	public @Nullable String externalId() {
		return this.externalId;
	}

	/**
	 * The user as {@code user.deleted} carries it: Clerk's deleted object
	 * ({@code {"object": "user", "id": …, "deleted": true}}), with the
	 * {@code external_id} when the user has one.
	 * @return a fresh, mutable map
	 */
	public Map<String, @Nullable Object> toDeletedMap() {
		return ClerkData.deleted("user", this.id, null, this.externalId);
	}

	/**
	 * The primary email address, if any.
	 * @return the address, or {@code null}
	 */
	public @Nullable String primaryEmail() {
		for (Map<String, @Nullable Object> address : this.emailAddresses) {
			if (Objects.equals(address.get("id"), this.primaryEmailAddressId)) {
				return (String) address.get("email_address");
			}
		}
		return null;
	}

	@Override
	public Map<String, @Nullable Object> toMap() {
		String image = (this.imageUrl != null) ? this.imageUrl : ClerkData.defaultImageUrl(this.id);
		Map<String, @Nullable Object> user = new LinkedHashMap<>();
		user.put("id", this.id);
		user.put("object", "user");
		user.put("external_id", this.externalId);
		user.put("primary_email_address_id", this.primaryEmailAddressId);
		user.put("primary_phone_number_id", null);
		user.put("primary_web3_wallet_id", null);
		user.put("username", this.username);
		user.put("first_name", this.firstName);
		user.put("last_name", this.lastName);
		user.put("profile_image_url", image);
		user.put("image_url", image);
		user.put("has_image", this.imageUrl != null);
		user.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		user.put("private_metadata", new LinkedHashMap<>(this.privateMetadata));
		user.put("unsafe_metadata", new LinkedHashMap<>(this.unsafeMetadata));
		List<Map<String, @Nullable Object>> addresses = new ArrayList<>();
		for (Map<String, @Nullable Object> address : this.emailAddresses) {
			addresses.add(copy(address));
		}
		user.put("email_addresses", addresses);
		user.put("phone_numbers", new ArrayList<>());
		user.put("web3_wallets", new ArrayList<>());
		user.put("passkeys", new ArrayList<>());
		user.put("password_enabled", this.passwordDigest != null);
		user.put("two_factor_enabled", this.mfaEnabledAt != null);
		user.put("totp_enabled", this.mfaEnabledAt != null);
		user.put("backup_code_enabled", false);
		user.put("mfa_enabled_at", millis(this.mfaEnabledAt));
		user.put("mfa_disabled_at", null);
		user.put("external_accounts", new ArrayList<>());
		user.put("saml_accounts", new ArrayList<>());
		user.put("enterprise_accounts", new ArrayList<>());
		user.put("last_sign_in_at", millis(this.lastSignInAt));
		user.put("banned", this.banned);
		user.put("locked", this.locked);
		user.put("deprovisioned", this.deprovisioned);
		user.put("lockout_expires_in_seconds", this.locked ? this.lockoutExpiresInSeconds : null);
		user.put("verification_attempts_remaining", (this.lockoutExpiresInSeconds != null && this.locked) ? 0 : 100);
		user.put("updated_at", updatedAt().toEpochMilli());
		user.put("created_at", this.createdAt.toEpochMilli());
		user.put("delete_self_enabled", true);
		user.put("create_organization_enabled", true);
		user.put("create_organizations_limit", null);
		user.put("bypass_client_trust", false);
		user.put("last_active_at", millis(this.lastActiveAt));
		user.put("legal_accepted_at", millis(this.legalAcceptedAt));
		return user;
	}

	private static @Nullable Long millis(@Nullable Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> copy(Map<String, @Nullable Object> map) {
		Map<String, @Nullable Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key,
				(value instanceof Map<?, ?> nested) ? copy((Map<String, @Nullable Object>) nested)
						: (value instanceof List<?> list) ? new ArrayList<>(list) : value));
		return copy;
	}

}
