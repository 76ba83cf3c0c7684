package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

/**
 * A {@code session.ended}, {@code session.removed} or {@code session.revoked} webhook: a
 * Clerk session ended. A Clerk sign-in kept in an HTTP session for it ends too.
 *
 * @param sessionId the Clerk session id
 * @param clerkUserId the Clerk user id
 * @param user the local user, or {@code null} when not stored
 * @param webhook the webhook event (its type says how the session ended)
 */
public record ClerkSessionEndedEvent(String sessionId, String clerkUserId, @Nullable ClerkUser user,
		ClerkWebhookEvent webhook) {
}
