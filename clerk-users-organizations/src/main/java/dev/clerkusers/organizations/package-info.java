/**
 * Clerk organizations, memberships and invitations in the application's database and in each request.
 */
@NullMarked
package dev.clerkusers.organizations;

import org.jspecify.annotations.NullMarked;
