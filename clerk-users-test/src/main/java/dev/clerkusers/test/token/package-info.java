/**
 * Real RSA keys, their JWKS, and real signed Clerk session tokens for tests, and the
 * machine tokens the fake Clerk verifies.
 */
@NullMarked
package dev.clerkusers.test.token;

import org.jspecify.annotations.NullMarked;
