package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

/**
 * A {@code session.created} webhook: a user signed in with Clerk.
 *
 * @param sessionId the Clerk session id
 * @param clerkUserId the Clerk user id
 * @param user the local user, or {@code null} when not stored
 * @param webhook the webhook event
 */
public record ClerkSessionCreatedEvent(String sessionId, String clerkUserId, @Nullable ClerkUser user,
		ClerkWebhookEvent webhook) {
}
