/**
 * {@link dev.clerkusers.test.backend.FakeClerkBackend}: an in-process HTTP server that
 * implements the Clerk Backend API operations clerk-users calls, with in-memory state,
 * failure injection and a request log. Needs nothing from the clerk-users library.
 */
@NullMarked
package dev.clerkusers.test.backend;

import org.jspecify.annotations.NullMarked;
