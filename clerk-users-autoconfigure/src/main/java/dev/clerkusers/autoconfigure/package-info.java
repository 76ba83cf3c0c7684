/**
 * Auto-configuration for clerk-users:
 * {@link dev.clerkusers.autoconfigure.ClerkProperties}, conditions, the schema migration,
 * the failure analyzer and the beans of every other package.
 */
@NullMarked
package dev.clerkusers.autoconfigure;

import org.jspecify.annotations.NullMarked;
