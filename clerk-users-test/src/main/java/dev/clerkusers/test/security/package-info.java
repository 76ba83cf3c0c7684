/**
 * Spring Security test support for applications using clerk-users: a MockMvc request
 * post-processor and a {@code WebTestClient} configurer that send a real signed token
 * through the real filter, and
 * {@link dev.clerkusers.test.security.WithClerkUser @WithClerkUser} for tests without
 * HTTP.
 */
@NullMarked
package dev.clerkusers.test.security;

import org.jspecify.annotations.NullMarked;
