/**
 * A sample application that verifies Clerk session tokens without a database.
 */
@NullMarked
package dev.clerkusers.samples.tokenonly;

import org.jspecify.annotations.NullMarked;
