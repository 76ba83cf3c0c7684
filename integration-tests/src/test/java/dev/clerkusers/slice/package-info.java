/**
 * An application tested in Spring Boot's {@code @DataJpaTest} slice, with an entity of
 * its own that refers to the users table: outside {@code dev.clerkusers.it}, where the
 * integration tests' application would find it.
 */
@NullMarked
package dev.clerkusers.slice;

import org.jspecify.annotations.NullMarked;
