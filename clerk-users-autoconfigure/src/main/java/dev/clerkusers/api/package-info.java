/**
 * A thin client for Clerk's Backend API on Spring's {@code RestClient}, and the Clerk
 * resources it reads and writes.
 */
@NullMarked
package dev.clerkusers.api;

import org.jspecify.annotations.NullMarked;
