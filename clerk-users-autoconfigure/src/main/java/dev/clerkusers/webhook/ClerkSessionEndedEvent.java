package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * A {@code session.ended}, {@code session.removed} or {@code session.revoked} webhook: a
 * Clerk session ended. A Clerk sign-in kept in an HTTP session for it ends too.
 *
 * @param sessionId the Clerk session id
 * @param clerkUserId the Clerk user id
 * @param user the local user: a placeholder, sync pending, when the session arrived
 * before the user's data
 * @param webhook the webhook event (its type says how the session ended)
 */
public record ClerkSessionEndedEvent(String sessionId, String clerkUserId, ClerkUser user, ClerkWebhookEvent webhook) {
}
