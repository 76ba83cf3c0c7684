package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * Clerk announced a new membership with an {@code organizationMembership.created}
 * webhook, and it is stored: published once per event, also when a sync stored the
 * membership before the webhook arrived; not for a membership deleted since. Published
 * inside the webhook's transaction; listen with {@code @TransactionalEventListener} to
 * act after the commit.
 *
 * @param membership the row, as stored after the event
 * @param webhook the webhook event
 */
public record MembershipCreatedEvent(OrganizationMembership membership, ClerkWebhookEvent webhook) {
}
