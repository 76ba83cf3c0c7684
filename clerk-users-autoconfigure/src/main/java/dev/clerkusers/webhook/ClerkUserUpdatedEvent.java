package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.mirror.SyncResult;

/**
 * A {@code user.updated} webhook changed a local user (older data, ignored by the
 * ordering guard, publishes nothing).
 *
 * @param user the user
 * @param outcome what the upsert did
 * @param webhook the webhook event
 */
public record ClerkUserUpdatedEvent(ClerkUser user, SyncResult.Outcome outcome,
		ClerkWebhookEvent webhook) implements ClerkUserEvent {
}
