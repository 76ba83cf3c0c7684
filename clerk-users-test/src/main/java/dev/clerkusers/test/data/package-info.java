/**
 * Builders of realistic Clerk objects (users, email addresses, sessions, organizations,
 * memberships, invitations, deleted objects) as Clerk's Backend API and webhooks send
 * them. Needs nothing from the clerk-users library.
 */
@NullMarked
package dev.clerkusers.test.data;

import org.jspecify.annotations.NullMarked;
