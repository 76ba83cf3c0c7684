/**
 * The local users table: the {@link dev.clerkusers.user.ClerkUser} entity, its
 * repository, and {@link dev.clerkusers.user.ClerkUserService}, which creates users and
 * keeps them in step with Clerk.
 */
@NullMarked
package dev.clerkusers.user;

import org.jspecify.annotations.NullMarked;
