/**
 * Actuator support: the {@code clerkwebhooks}, {@code clerksync} and {@code clerkpush}
 * endpoints.
 */
@NullMarked
package dev.clerkusers.actuate;

import org.jspecify.annotations.NullMarked;
