package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationMembership.updated} webhook changed a membership (its role, say).
 * Published inside the webhook's transaction; listen with
 * {@code @TransactionalEventListener} to act after the commit.
 *
 * @param membership the row, as stored after the event
 * @param webhook the webhook event
 */
public record MembershipUpdatedEvent(OrganizationMembership membership, ClerkWebhookEvent webhook) {
}
