/**
 * The active organization of a request:
 * {@link dev.clerkusers.organizations.security.ClerkOrganizationContext}, the
 * {@code X-Organization-Id} selection, {@code @CurrentOrganization}, and authorization
 * helpers for {@code @PreAuthorize} and {@code authorizeHttpRequests}.
 */
@NullMarked
package dev.clerkusers.organizations.security;

import org.jspecify.annotations.NullMarked;
