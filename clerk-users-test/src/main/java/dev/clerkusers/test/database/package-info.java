/**
 * A real PostgreSQL for tests: Testcontainers when Docker answers, an embedded PostgreSQL
 * otherwise. Needs nothing from the clerk-users library, so any Spring Boot application
 * can use it.
 */
@NullMarked
package dev.clerkusers.test.database;

import org.jspecify.annotations.NullMarked;
