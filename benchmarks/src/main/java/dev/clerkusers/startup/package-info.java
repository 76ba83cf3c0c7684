/**
 * The application the start-up benchmark launches, with and without the starter: outside
 * the benchmarks' package, so that their own application does not scan it.
 */
@NullMarked
package dev.clerkusers.startup;

import org.jspecify.annotations.NullMarked;
