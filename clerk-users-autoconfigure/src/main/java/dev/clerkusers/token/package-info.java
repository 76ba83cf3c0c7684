/**
 * Verification of Clerk session tokens on Nimbus JOSE + JWT: key sources (a PEM key, or a
 * cached JWKS from the Backend or Frontend API), the claim rules with one rejection
 * reason each, and the typed claims, v1 and v2 organization claims included. Opt-in,
 * Clerk's machine tokens too: their type told by form
 * ({@link dev.clerkusers.token.ClerkTokenType}), JWT-format M2M and OAuth tokens verified
 * locally, opaque API keys, M2M and OAuth tokens by the Backend API, and a cache with
 * single flight.
 */
@NullMarked
package dev.clerkusers.token;

import org.jspecify.annotations.NullMarked;
