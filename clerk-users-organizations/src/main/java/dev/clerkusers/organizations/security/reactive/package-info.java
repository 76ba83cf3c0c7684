/**
 * The active organization in reactive (WebFlux) applications:
 * {@link dev.clerkusers.organizations.security.reactive.ClerkReactiveOrganizationContext},
 * the {@code ClerkOrganizationContext} and {@code @CurrentOrganization} arguments of
 * WebFlux controllers, and authorization helpers for reactive {@code @PreAuthorize} and
 * {@code authorizeExchange}, read from the
 * {@link org.springframework.security.core.context.ReactiveSecurityContextHolder} with
 * the rules of the servlet side.
 */
@NullMarked
package dev.clerkusers.organizations.security.reactive;

import org.jspecify.annotations.NullMarked;
