/**
 * What every local copy of a Clerk record shares: advisory locks that give one writer per
 * record, the ordering guard and tombstones, results of applying Clerk's data, and caches
 * evicted after commit.
 */
@NullMarked
package dev.clerkusers.mirror;

import org.jspecify.annotations.NullMarked;
