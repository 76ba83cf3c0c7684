/**
 * {@link dev.clerkusers.test.backend.FakeClerkBackend}: an in-process HTTP server that
 * implements the Clerk Backend API operations clerk-users calls, with in-memory state,
 * failure injection and a request log. It answers with the library's own resource types
 * where Clerk's answer is one (a verified machine token).
 */
@NullMarked
package dev.clerkusers.test.backend;

import org.jspecify.annotations.NullMarked;
