package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * Clerk announced a new organization with an {@code organization.created} webhook, and it
 * is stored: published once per event, also when a sync stored the organization before
 * the webhook arrived; not for an organization deleted since. Published inside the
 * webhook's transaction; listen with {@code @TransactionalEventListener} to act after the
 * commit.
 *
 * @param organization the row, as stored after the event
 * @param webhook the webhook event
 */
public record OrganizationCreatedEvent(Organization organization, ClerkWebhookEvent webhook) {
}
