package dev.clerkusers.user;

import java.util.UUID;

import dev.clerkusers.api.UsernameGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Whether and how usernames are generated for Clerk users who have none.
 *
 * @param enabled whether to generate a username when a Clerk user without one is first
 * stored
 * @param prefix the prefix of generated usernames, followed by an underscore and 8
 * hexadecimal digits
 */
public record UsernamePolicy(boolean enabled, String prefix) {

	/**
	 * A policy that never generates usernames.
	 * @return the policy
	 */
	public static UsernamePolicy none() {
		return new UsernamePolicy(false, "user");
	}

	/**
	 * A free username, when this policy generates them.
	 * @param repository where taken usernames are looked up
	 * @return the username, or {@code null} when the policy is off
	 */
	@Nullable String generate(ClerkUserRepository repository) {
		if (!this.enabled) {
			return null;
		}
		for (int attempt = 0; attempt < 10; attempt++) {
			String candidate = UsernameGenerator.withPrefix(this.prefix);
			if (repository.findByUsername(candidate).isEmpty()) {
				return candidate;
			}
		}
		return this.prefix + "_" + UUID.randomUUID().toString().replace("-", "");
	}

}
