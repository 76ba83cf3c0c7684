package dev.clerkusers.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event as the inbox keeps it.
 *
 * @param id the Svix message id
 * @param type the event type
 * @param status the state
 * @param attempts how many times processing was attempted
 * @param lastError the error of the last failed attempt, if any
 * @param receivedAt when it was first received
 * @param processedAt when it was processed, if it was
 */
public record StoredWebhookEvent(String id, String type, WebhookEventStatus status, int attempts,
		@Nullable String lastError, Instant receivedAt, @Nullable Instant processedAt) {
}
