/**
 * The reactive (Spring WebFlux) view of Clerk session token verification: a
 * {@code ReactiveJwtDecoder} over the verifier of {@code dev.clerkusers.token}, which
 * fetches keys on a bounded scheduler, never on an event-loop thread.
 */
@NullMarked
package dev.clerkusers.token.reactive;

import org.jspecify.annotations.NullMarked;
