package dev.clerkusers.security;

import java.util.Optional;

import dev.clerkusers.token.ClerkOrganizationClaims;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses an active organization for a request whose token carries none (for example from
 * an {@code X-Organization-Id} header). The organizations module implements it, checking
 * that the user is a member; without an implementation, a request's organization is
 * always the token's.
 */
@FunctionalInterface
public interface ClerkOrganizationSelector {

	/**
	 * Chooses the organization of a request.
	 * @param request the request
	 * @param authentication its authentication, whose token has no active organization
	 * @return the organization the user acts in, or empty to act in none
	 */
	Optional<ClerkOrganizationClaims> select(HttpServletRequest request, ClerkAuthenticationToken authentication);

}
