package dev.clerkusers.organizations.webhook;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.webhook.ClerkWebhookEvent;

/**
 * An {@code organization.deleted} webhook deactivated an organization (a soft delete with
 * a tombstone). Published for every {@code organization.deleted}, also when a reconcile
 * had deleted the organization before the webhook arrived, so a listener may hear one
 * organization's deletion more than once and acts idempotently. Published inside the
 * webhook's transaction; listen with {@code @TransactionalEventListener} to act after the
 * commit.
 *
 * @param organization the row, as stored after the event
 * @param webhook the webhook event
 */
public record OrganizationDeletedEvent(Organization organization, ClerkWebhookEvent webhook) {
}
