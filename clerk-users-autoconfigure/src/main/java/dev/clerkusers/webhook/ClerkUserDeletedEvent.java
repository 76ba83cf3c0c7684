package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * A {@code user.deleted} webhook deactivated a local user (a soft delete with a
 * tombstone). Published for every {@code user.deleted}, also when a reconcile or an
 * operator had deactivated the user before the webhook arrived, so a listener may hear
 * one user's deletion more than once (a replay of an event the retention deleted) and
 * acts idempotently.
 *
 * @param user the deactivated user
 * @param webhook the webhook event
 */
public record ClerkUserDeletedEvent(ClerkUser user, ClerkWebhookEvent webhook) implements ClerkUserEvent {
}
