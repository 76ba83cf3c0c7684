package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.OrganizationMembership;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organizationMembership.deleted} webhook removed a user from an organization.
 * Published inside the webhook's transaction; listen with
 * {@code @TransactionalEventListener} to act after the commit. The row carries the
 * removed membership's id, which is not always the one a {@link MembershipCreatedEvent}
 * announced (a user added again, whose events came out of order): know a membership by
 * its organization and user.
 *
 * @param membership the row, as stored after the event
 * @param webhook the webhook event
 */
public record MembershipDeletedEvent(OrganizationMembership membership, ClerkWebhookEvent webhook) {
}
