/**
 * Clerk webhooks: the Svix-verified endpoint, the persisted inbox, processing through
 * {@link dev.clerkusers.webhook.ClerkWebhookHandler} beans, the user and session
 * handlers, and the application events they publish.
 */
@NullMarked
package dev.clerkusers.webhook;

import org.jspecify.annotations.NullMarked;
