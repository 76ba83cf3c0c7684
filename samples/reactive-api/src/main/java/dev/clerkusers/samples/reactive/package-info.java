/**
 * The reactive sample: a Spring WebFlux JSON API behind Clerk session tokens, with the
 * users table read off the event loop, a server-sent stream of the user's profile kept
 * current by Clerk's webhooks, and a local mode that needs no Clerk account and no
 * database.
 */
@NullMarked
package dev.clerkusers.samples.reactive;

import org.jspecify.annotations.NullMarked;
