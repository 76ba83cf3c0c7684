/**
 * The webhook endpoint in reactive (Spring WebFlux) applications: the same answers, inbox
 * and guarantees as the servlet endpoint, through the shared
 * {@link dev.clerkusers.webhook.ClerkWebhookReceiver}, which runs on a bounded scheduler.
 */
@NullMarked
package dev.clerkusers.webhook.reactive;

import org.jspecify.annotations.NullMarked;
