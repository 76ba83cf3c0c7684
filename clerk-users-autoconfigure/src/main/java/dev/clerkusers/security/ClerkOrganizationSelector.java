package dev.clerkusers.security;

import java.util.Optional;

import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;

/**
 * Chooses the active organization of a request whose token carries none, when the request
 * asks for one (for example with an {@code X-Organization-Id} header). The organizations
 * module implements it, checking that the user is a member; without an implementation, a
 * request's organization is always the token's. {@link ClerkAuthenticationProvider} calls
 * it beside the user's other checks.
 */
public interface ClerkOrganizationSelector {

	/** The default header by which a request asks for an organization. */
	String DEFAULT_HEADER_NAME = "X-Organization-Id";

	/**
	 * The header by which a request asks for an organization.
	 * @return the header's name
	 */
	default String getHeaderName() {
		return DEFAULT_HEADER_NAME;
	}

	/**
	 * Chooses the organization of a request.
	 * @param organizationId the organization the request asks for
	 * @param claims the verified claims of its token, which have no active organization
	 * @return the organization the user acts in, or empty to act in none
	 */
	Optional<ClerkOrganizationClaims> select(String organizationId, ClerkSessionClaims claims);

}
