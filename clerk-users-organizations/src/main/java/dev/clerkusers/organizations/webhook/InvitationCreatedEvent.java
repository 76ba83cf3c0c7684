package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationInvitation;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationInvitation.created} webhook stored an invitation. Published inside the webhook's transaction; listen with {@code @TransactionalEventListener} to act
 * after the commit.
 *
 * @param invitation the row, as stored after the event
 * @param webhook the webhook event
 */
public record InvitationCreatedEvent(OrganizationInvitation invitation, ClerkWebhookEvent webhook) {
}
