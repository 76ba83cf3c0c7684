package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.mirror.SyncResult;

/**
 * Clerk announced a new user with a {@code user.created} webhook, and the user is stored
 * locally. Published once per event, whoever stored the user first: the webhook itself
 * ({@code CREATED}, {@code LINKED}, {@code REACTIVATED}), or a first sign-in or a sync
 * that came before it ({@code UPDATED}, or {@code STALE} when the webhook brought nothing
 * newer). Not published for a user Clerk has deleted since.
 *
 * @param user the user
 * @param outcome what the webhook's upsert did
 * @param webhook the webhook event
 */
public record ClerkUserCreatedEvent(ClerkUser user, SyncResult.Outcome outcome,
		ClerkWebhookEvent webhook) implements ClerkUserEvent {
}
