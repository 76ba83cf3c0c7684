package dev.clerkusers.it;

import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.test.data.ClerkUserBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Clerk resources from the test kit's data, read the way webhooks read them.
 */
public final class Resources {

	private Resources() {
	}

	/**
	 * A Clerk user.
	 * @param user the test kit's user
	 * @return the resource
	 */
	public static UserResource user(ClerkUserBuilder user) {
		return user(user.toJsonNode());
	}

	/**
	 * A Clerk user from JSON.
	 * @param json the JSON
	 * @return the resource
	 */
	public static UserResource user(JsonNode json) {
		return ClerkResource.read(json, UserResource.class);
	}

}
