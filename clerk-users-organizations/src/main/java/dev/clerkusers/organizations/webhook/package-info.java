/**
 * Webhook handlers of the organizations module ({@code organization.*},
 * {@code organizationMembership.*}, {@code organizationInvitation.*}) and the application
 * events they publish.
 */
@NullMarked
package dev.clerkusers.organizations.webhook;

import org.jspecify.annotations.NullMarked;
