package dev.clerkusers.test.database;

import org.jspecify.annotations.Nullable;

/**
 * How to connect to a test database.
 *
 * @param jdbcUrl the JDBC URL
 * @param username the user name
 * @param password the password, or {@code null} when none is needed
 */
public record TestDatabase(String jdbcUrl, String username, @Nullable String password) {
}
