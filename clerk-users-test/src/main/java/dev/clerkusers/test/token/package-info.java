/**
 * Real RSA keys, their JWKS, and real signed Clerk session tokens for tests. Needs
 * nothing from the clerk-users library.
 */
@NullMarked
package dev.clerkusers.test.token;

import org.jspecify.annotations.NullMarked;
