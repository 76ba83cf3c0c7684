package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationMembership.deleted} webhook removed a user from an organization.
 * Published inside the webhook's transaction; listen with
 * {@code @TransactionalEventListener} to act after the commit.
 *
 * @param membership the row, as stored after the event
 * @param webhook the webhook event
 */
public record MembershipDeletedEvent(OrganizationMembership membership, ClerkWebhookEvent webhook) {
}
