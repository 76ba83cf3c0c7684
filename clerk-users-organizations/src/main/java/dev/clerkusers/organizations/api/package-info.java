/**
 * Clerk's Backend API for organizations: the organization, membership and invitation
 * resources, and their endpoints.
 */
@NullMarked
package dev.clerkusers.organizations.api;

import org.jspecify.annotations.NullMarked;
