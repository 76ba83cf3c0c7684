/**
 * Svix-signed Clerk webhooks for tests: a signer with a test secret, event envelopes, and
 * a helper that posts signed events to an application. Needs nothing from the clerk-users
 * library.
 */
@NullMarked
package dev.clerkusers.test.webhook;

import org.jspecify.annotations.NullMarked;
