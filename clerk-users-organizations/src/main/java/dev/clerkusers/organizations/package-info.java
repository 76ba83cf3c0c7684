/**
 * Clerk organizations, memberships and invitations in the application's database:
 * {@link dev.clerkusers.organizations.Organization} and its kin, their repositories, and
 * {@link dev.clerkusers.organizations.OrganizationSynchronizer}, which keeps them in step
 * with Clerk.
 */
@NullMarked
package dev.clerkusers.organizations;

import org.jspecify.annotations.NullMarked;
