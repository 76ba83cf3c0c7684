package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationInvitation;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationInvitation.revoked} webhook marked an invitation revoked.
 * Published inside the webhook's transaction; listen with
 * {@code @TransactionalEventListener} to act after the commit.
 *
 * @param invitation the row, as stored after the event
 * @param webhook the webhook event
 */
public record InvitationRevokedEvent(OrganizationInvitation invitation, ClerkWebhookEvent webhook) {
}
