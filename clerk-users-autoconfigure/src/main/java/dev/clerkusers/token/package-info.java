/**
 * Verification of Clerk session tokens on Nimbus JOSE + JWT: key sources (a PEM key, or a
 * cached JWKS from the Backend or Frontend API), the claim rules with one rejection
 * reason each, and the typed claims, v1 and v2 organization claims included.
 */
@NullMarked
package dev.clerkusers.token;

import org.jspecify.annotations.NullMarked;
