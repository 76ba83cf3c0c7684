/**
 * Spring Security support: the filter that reads Clerk session tokens, the authentication
 * provider that verifies them beside form login, the authentication type, authorities,
 * the {@code HttpSecurity} configurer, form login over the users table, and controller
 * argument resolvers.
 */
@NullMarked
package dev.clerkusers.security;

import org.jspecify.annotations.NullMarked;
