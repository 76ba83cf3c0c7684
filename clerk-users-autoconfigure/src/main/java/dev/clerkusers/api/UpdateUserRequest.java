package dev.clerkusers.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /users/{id}}: only the fields that are not {@code null} are
 * changed. Metadata is changed with {@link ClerkApiClient#mergeMetadata}, which merges
 * instead of replacing.
 *
 * @param firstName the new first name
 * @param lastName the new last name
 * @param username the new username
 * @param externalId the new external id
 */
public record UpdateUserRequest(@Nullable String firstName, @Nullable String lastName, @Nullable String username,
		@Nullable String externalId) {

	/**
	 * A request changing the names.
	 * @param firstName the first name
	 * @param lastName the last name
	 * @return the request
	 */
	public static UpdateUserRequest names(@Nullable String firstName, @Nullable String lastName) {
		return new UpdateUserRequest(firstName, lastName, null, null);
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		CreateUserRequest.put(body, "first_name", this.firstName);
		CreateUserRequest.put(body, "last_name", this.lastName);
		CreateUserRequest.put(body, "username", this.username);
		CreateUserRequest.put(body, "external_id", this.externalId);
		return body;
	}

}
