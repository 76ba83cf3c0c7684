/**
 * Clerk authentication in reactive (Spring WebFlux) applications, beside the servlet side
 * in {@code dev.clerkusers.security} and sharing its verifier, rules, rejection reasons,
 * token cache, provider and answers: what blocks (a key fetch, the users table) runs on a
 * bounded scheduler, never on an event-loop thread.
 */
@NullMarked
package dev.clerkusers.security.reactive;

import org.jspecify.annotations.NullMarked;
