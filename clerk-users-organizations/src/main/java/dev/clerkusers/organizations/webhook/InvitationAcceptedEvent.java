package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationInvitation;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationInvitation.accepted} webhook marked an invitation accepted.
 * Published inside the webhook's transaction; listen with
 * {@code @TransactionalEventListener} to act after the commit.
 *
 * @param invitation the row, as stored after the event
 * @param webhook the webhook event
 */
public record InvitationAcceptedEvent(OrganizationInvitation invitation, ClerkWebhookEvent webhook) {
}
