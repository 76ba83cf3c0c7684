package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationInvitation;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * Clerk announced a new invitation with an {@code organizationInvitation.created}
 * webhook, and it is stored: published once per event. Published inside the webhook's
 * transaction; listen with {@code @TransactionalEventListener} to act after the commit.
 *
 * @param invitation the row, as stored after the event
 * @param webhook the webhook event
 */
public record InvitationCreatedEvent(OrganizationInvitation invitation, ClerkWebhookEvent webhook) {
}
