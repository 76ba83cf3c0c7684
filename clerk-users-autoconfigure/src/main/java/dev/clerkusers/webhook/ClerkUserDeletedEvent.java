package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * A {@code user.deleted} webhook deactivated a local user (a soft delete with a
 * tombstone).
 *
 * @param user the deactivated user
 * @param webhook the webhook event
 */
public record ClerkUserDeletedEvent(ClerkUser user, ClerkWebhookEvent webhook) implements ClerkUserEvent {
}
