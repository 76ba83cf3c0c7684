package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * A {@code session.created} webhook: a user signed in with Clerk.
 *
 * @param sessionId the Clerk session id
 * @param clerkUserId the Clerk user id
 * @param user the local user: a placeholder, sync pending, when the session arrived
 * before the user's data
 * @param webhook the webhook event
 */
public record ClerkSessionCreatedEvent(String sessionId, String clerkUserId, ClerkUser user,
		ClerkWebhookEvent webhook) {
}
