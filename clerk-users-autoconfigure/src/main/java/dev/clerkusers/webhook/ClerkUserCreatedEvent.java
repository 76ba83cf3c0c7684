package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.UpsertResult;

/**
 * A {@code user.created} webhook created, linked or reactivated a local user (or updated one created earlier by a
 * first sign-in).
 *
 * @param user the user
 * @param outcome what the upsert did
 * @param webhook the webhook event
 */
public record ClerkUserCreatedEvent(ClerkUser user, UpsertResult.Outcome outcome, ClerkWebhookEvent webhook)
		implements ClerkUserEvent {
}
