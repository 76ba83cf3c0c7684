package dev.clerkusers.samples.reactive;

import java.time.Instant;
import java.util.UUID;

import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

/**
 * A user as the API shows it to that user, from the users table.
 *
 * @param id the local id
 * @param clerkId the Clerk user id
 * @param email the primary email address
 * @param name the full name
 * @param imageUrl the profile image
 * @param active whether the user may sign in ({@code false} once deleted in Clerk)
 * @param clerkUpdatedAt when Clerk last changed the user
 */
record Profile(UUID id, @Nullable String clerkId, @Nullable String email, String name, @Nullable String imageUrl,
		boolean active, @Nullable Instant clerkUpdatedAt) {

	static Profile of(ClerkUser user) {
		return new Profile(user.getUid(), user.getClerkId(), user.getEmail(), user.getFullName(), user.getImageUrl(),
				user.isActive(), user.getClerkUpdatedAt());
	}

}
