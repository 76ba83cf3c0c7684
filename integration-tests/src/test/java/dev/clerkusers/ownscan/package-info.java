/**
 * An application's own entity and repository, which it scans for alone: outside
 * {@code dev.clerkusers.it}, where the integration tests' application would find them.
 */
@NullMarked
package dev.clerkusers.ownscan;

import org.jspecify.annotations.NullMarked;
