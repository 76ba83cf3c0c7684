package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organization.updated} webhook changed an organization. Published inside the
 * webhook's transaction; listen with {@code @TransactionalEventListener} to act after the
 * commit.
 *
 * @param organization the row, as stored after the event
 * @param webhook the webhook event
 */
public record OrganizationUpdatedEvent(Organization organization, ClerkWebhookEvent webhook) {
}
