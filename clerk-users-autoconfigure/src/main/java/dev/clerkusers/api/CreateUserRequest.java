package dev.clerkusers.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The body of {@code POST /users}. Build it with {@link #withEmail(String)} and the
 * {@code with…} methods; fields left {@code null} are not sent.
 *
 * @param emailAddress the email address
 * @param username the username, if the instance uses usernames
 * @param password a raw password, or {@code null}
 * @param passwordDigest a password hash to import (with {@code passwordHasher}), or
 * {@code null}
 * @param passwordHasher the hasher of {@code passwordDigest}, for example {@code bcrypt}
 * @param firstName the first name
 * @param lastName the last name
 * @param externalId the application's own id of the user
 * @param publicMetadata metadata readable from the frontend
 * @param privateMetadata metadata readable only from the backend
 * @param skipPasswordRequirement whether the user may have no password
 */
public record CreateUserRequest(@Nullable String emailAddress, @Nullable String username, @Nullable String password,
		@Nullable String passwordDigest, @Nullable String passwordHasher, @Nullable String firstName,
		@Nullable String lastName, @Nullable String externalId, @Nullable Map<String, @Nullable Object> publicMetadata,
		@Nullable Map<String, @Nullable Object> privateMetadata, boolean skipPasswordRequirement) {

	/**
	 * A request for a user with an email and no password (they sign in by email code,
	 * link or OAuth).
	 * @param email the email
	 * @return the request
	 * @throws IllegalArgumentException when the email is blank
	 */
	public static CreateUserRequest withEmail(String email) {
		Assert.hasText(email, "The email must not be blank");
		return new CreateUserRequest(email, null, null, null, null, null, null, null, null, null, true);
	}

	/**
	 * A copy with names.
	 * @param firstName the first name
	 * @param lastName the last name
	 * @return the request
	 */
	public CreateUserRequest withName(@Nullable String firstName, @Nullable String lastName) {
		return new CreateUserRequest(this.emailAddress, this.username, this.password, this.passwordDigest,
				this.passwordHasher, firstName, lastName, this.externalId, this.publicMetadata, this.privateMetadata,
				this.skipPasswordRequirement);
	}

	/**
	 * A copy with a username.
	 * @param username the username
	 * @return the request
	 */
	public CreateUserRequest withUsername(@Nullable String username) {
		return new CreateUserRequest(this.emailAddress, username, this.password, this.passwordDigest,
				this.passwordHasher, this.firstName, this.lastName, this.externalId, this.publicMetadata,
				this.privateMetadata, this.skipPasswordRequirement);
	}

	/**
	 * A copy with a raw password (Clerk hashes it; its password checks are skipped).
	 * @param password the password
	 * @return the request
	 * @throws IllegalArgumentException when the password is blank
	 */
	public CreateUserRequest withPassword(String password) {
		Assert.hasText(password, "The password (leave it out for a user without one) must not be blank");
		return new CreateUserRequest(this.emailAddress, this.username, password, null, null, this.firstName,
				this.lastName, this.externalId, this.publicMetadata, this.privateMetadata, false);
	}

	/**
	 * A copy importing a password hash, so that the user keeps their password.
	 * @param digest the hash
	 * @param hasher Clerk's name of its algorithm, for example {@code bcrypt}
	 * @return the request
	 * @throws IllegalArgumentException when the digest or the hasher is blank
	 */
	public CreateUserRequest withPasswordDigest(String digest, String hasher) {
		Assert.hasText(digest, "The digest must not be blank");
		Assert.hasText(hasher, "The hasher must not be blank");
		return new CreateUserRequest(this.emailAddress, this.username, null, digest, hasher, this.firstName,
				this.lastName, this.externalId, this.publicMetadata, this.privateMetadata, false);
	}

	/**
	 * A copy with an external id.
	 * @param externalId the application's id of the user
	 * @return the request
	 */
	public CreateUserRequest withExternalId(@Nullable String externalId) {
		return new CreateUserRequest(this.emailAddress, this.username, this.password, this.passwordDigest,
				this.passwordHasher, this.firstName, this.lastName, externalId, this.publicMetadata,
				this.privateMetadata, this.skipPasswordRequirement);
	}

	/**
	 * A copy with metadata.
	 * @param publicMetadata the public metadata
	 * @param privateMetadata the private metadata
	 * @return the request
	 */
	public CreateUserRequest withMetadata(@Nullable Map<String, @Nullable Object> publicMetadata,
			@Nullable Map<String, @Nullable Object> privateMetadata) {
		return new CreateUserRequest(this.emailAddress, this.username, this.password, this.passwordDigest,
				this.passwordHasher, this.firstName, this.lastName, this.externalId, publicMetadata, privateMetadata,
				this.skipPasswordRequirement);
	}

	/**
	 * The request without its credentials: whether it has a password or a digest, and
	 * whether private metadata, never their values, so that a request logged writes no
	 * secret.
	 * @return the text
	 */
	@Override
	public String toString() {
		return "CreateUserRequest[emailAddress=" + this.emailAddress + ", username=" + this.username + ", password="
				+ hidden(this.password) + ", passwordDigest=" + hidden(this.passwordDigest) + ", passwordHasher="
				+ this.passwordHasher + ", firstName=" + this.firstName + ", lastName=" + this.lastName
				+ ", externalId=" + this.externalId + ", publicMetadata=" + this.publicMetadata + ", privateMetadata="
				+ hidden(this.privateMetadata) + ", skipPasswordRequirement=" + this.skipPasswordRequirement + "]";
	}

	static String hidden(@Nullable Object secret) {
		return (secret != null) ? "[hidden]" : "null";
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.emailAddress != null) {
			body.put("email_address", List.of(this.emailAddress));
		}
		put(body, "username", this.username);
		put(body, "password", this.password);
		put(body, "password_digest", this.passwordDigest);
		put(body, "password_hasher", this.passwordHasher);
		put(body, "first_name", this.firstName);
		put(body, "last_name", this.lastName);
		put(body, "external_id", this.externalId);
		put(body, "public_metadata", this.publicMetadata);
		put(body, "private_metadata", this.privateMetadata);
		if (this.password != null || this.passwordDigest != null) {
			body.put("skip_password_checks", true);
		}
		else if (this.skipPasswordRequirement) {
			body.put("skip_password_requirement", true);
		}
		return body;
	}

	static void put(Map<String, Object> body, String name, @Nullable Object value) {
		if (value != null) {
			body.put(name, value);
		}
	}
}
