/**
 * Bulk sync with Clerk: users (and, through {@link dev.clerkusers.sync.ClerkSyncStep}s of
 * other modules, more) from Clerk into the local tables with reconciliation, and local
 * users pushed to Clerk.
 */
@NullMarked
package dev.clerkusers.sync;

import org.jspecify.annotations.NullMarked;
