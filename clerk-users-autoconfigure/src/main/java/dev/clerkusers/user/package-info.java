/**
 * The local users table: the {@link dev.clerkusers.user.ClerkUser} entity and its
 * repository; request-path reads through the user cache
 * ({@link dev.clerkusers.user.ClerkUserService}); changes applied from Clerk
 * ({@link dev.clerkusers.user.ClerkUserSynchronizer}); local accounts
 * ({@link dev.clerkusers.user.ClerkUserAccounts}); and the loading of a signed-in user.
 */
@NullMarked
package dev.clerkusers.user;

import org.jspecify.annotations.NullMarked;
