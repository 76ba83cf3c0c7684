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
 * as {@code user.created} and {@code user.updated} webhooks carry it. Times are written
 * in epoch milliseconds, as Clerk does.
 *
 * <pre class="code">
 * Map&lt;String, Object&gt; user = ClerkData.user("user_2abc")
 *     .email("ada@example.com")        // primary, verified
 *     .name("Ada", "Lovelace")
 *     .updatedAt(Instant.parse("2026-01-01T00:00:00Z"))
 *     .toMap();
 * </pre>
 */
public final class ClerkUserBuilder implements ClerkJson {

	private final String id;

	private @Nullable String externalId;

	private @Nullable String username;

	private @Nullable String firstName;

	private @Nullable String lastName;

	private @Nullable String imageUrl = "https://img.clerk.com/default.png";

	private final List<Map<String, Object>> emailAddresses = new ArrayList<>();

	private @Nullable String primaryEmailAddressId;

	private Map<String, Object> publicMetadata = new LinkedHashMap<>();

	private Map<String, Object> privateMetadata = new LinkedHashMap<>();

	private Map<String, Object> unsafeMetadata = new LinkedHashMap<>();

	private boolean banned;

	private boolean locked;

	private @Nullable Long lockoutExpiresInSeconds;

	private @Nullable String passwordDigest;

	private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

	private Instant updatedAt = Instant.parse("2026-01-01T00:00:00Z");

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
		Map<String, Object> verification = new LinkedHashMap<>();
		verification.put("object", "verification_otp");
		verification.put("status", verified ? "verified" : "unverified");
		verification.put("strategy", "email_code");
		verification.put("attempts", verified ? 1 : 0);
		verification.put("expire_at", null);
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("id", addressId);
		address.put("object", "email_address");
		address.put("email_address", email);
		address.put("reserved", false);
		address.put("verification", verification);
		address.put("linked_to", List.of());
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
	 * Sets the profile image URL.
	 * @param imageUrl the URL, or {@code null}
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
	 * @param expiresIn how long the lockout lasts from now
	 * @return this builder
	 */
	public ClerkUserBuilder lockedFor(Duration expiresIn) {
		this.locked = true;
		this.lockoutExpiresInSeconds = expiresIn.toSeconds();
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
		return this;
	}

	/**
	 * Sets when the user was last updated in Clerk, the ordering key of every upsert.
	 * @param updatedAt the time
	 * @return this builder
	 */
	public ClerkUserBuilder updatedAt(Instant updatedAt) {
		this.updatedAt = updatedAt;
		return this;
	}

	/**
	 * The primary email address, if any.
	 * @return the address, or {@code null}
	 */
	public @Nullable String primaryEmail() {
		for (Map<String, Object> address : this.emailAddresses) {
			if (Objects.equals(address.get("id"), this.primaryEmailAddressId)) {
				return (String) address.get("email_address");
			}
		}
		return null;
	}

	@Override
	public Map<String, Object> toMap() {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", this.id);
		user.put("object", "user");
		user.put("external_id", this.externalId);
		user.put("username", this.username);
		user.put("first_name", this.firstName);
		user.put("last_name", this.lastName);
		user.put("image_url", this.imageUrl);
		user.put("has_image", this.imageUrl != null);
		user.put("primary_email_address_id", this.primaryEmailAddressId);
		user.put("primary_phone_number_id", null);
		user.put("primary_web3_wallet_id", null);
		user.put("password_enabled", this.passwordDigest != null);
		user.put("two_factor_enabled", false);
		user.put("totp_enabled", false);
		user.put("backup_code_enabled", false);
		List<Map<String, Object>> addresses = new ArrayList<>();
		for (Map<String, Object> address : this.emailAddresses) {
			addresses.add(new LinkedHashMap<>(address));
		}
		user.put("email_addresses", addresses);
		user.put("phone_numbers", List.of());
		user.put("web3_wallets", List.of());
		user.put("passkeys", List.of());
		user.put("external_accounts", List.of());
		user.put("saml_accounts", List.of());
		user.put("public_metadata", new LinkedHashMap<>(this.publicMetadata));
		user.put("private_metadata", new LinkedHashMap<>(this.privateMetadata));
		user.put("unsafe_metadata", new LinkedHashMap<>(this.unsafeMetadata));
		user.put("banned", this.banned);
		user.put("locked", this.locked);
		user.put("lockout_expires_in_seconds", this.locked ? this.lockoutExpiresInSeconds : null);
		user.put("verification_attempts_remaining", 100);
		user.put("last_sign_in_at", null);
		user.put("last_active_at", null);
		user.put("delete_self_enabled", true);
		user.put("create_organization_enabled", true);
		user.put("created_at", this.createdAt.toEpochMilli());
		user.put("updated_at", this.updatedAt.toEpochMilli());
		return user;
	}

}
