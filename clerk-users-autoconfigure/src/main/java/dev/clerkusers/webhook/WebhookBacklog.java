package dev.clerkusers.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The events of the {@link ClerkWebhookInbox} whose effect is not applied: received and
 * not yet processed, or failed.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 *
 * @param failed how many events failed
 * @param unprocessed how many events are received or failed
 * @param oldestUnprocessedAt when the oldest of them was received, or {@code null} when
 * there is none
 */
public record WebhookBacklog(long failed, long unprocessed, @Nullable Instant oldestUnprocessedAt) {

}
