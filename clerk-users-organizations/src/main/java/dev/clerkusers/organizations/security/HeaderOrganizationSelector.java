package dev.clerkusers.organizations.security;

import java.util.Optional;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.security.ClerkOrganizationMemberships;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;

/**
 * Selects the active organization a request asks for in a header
 * ({@code X-Organization-Id} by default) — only when the token carries no active
 * organization (the token's always wins), and only when the user is a current member of
 * that organization (the {@link ClerkOrganizationMemberships} bean, the stored
 * memberships unless the application declares its own); the role and permissions then
 * come from that membership. Anything else leaves the request without an organization.
 */
public class HeaderOrganizationSelector implements ClerkOrganizationSelector {

	private final ClerkOrganizationMemberships memberships;

	private final String headerName;

	/**
	 * Creates the selector over the memberships stored by the organizations module.
	 * @param organizations the organization service
	 * @param headerName the header, usually {@code X-Organization-Id}
	 */
	public HeaderOrganizationSelector(OrganizationService organizations, String headerName) {
		this(new StoredOrganizationMemberships(organizations), headerName);
	}

	/**
	 * Creates the selector over the application's memberships, the same that a sign-in
	 * kept in the HTTP session reads.
	 * @param memberships the users' current memberships
	 * @param headerName the header, usually {@code X-Organization-Id}
	 */
	public HeaderOrganizationSelector(ClerkOrganizationMemberships memberships, String headerName) {
		this.memberships = memberships;
		this.headerName = headerName;
	}

	@Override
	public String getHeaderName() {
		return this.headerName;
	}

	@Override
	public Optional<ClerkOrganizationClaims> select(String organizationId, ClerkSessionClaims claims) {
		if (organizationId.isBlank() || claims.organization().isPresent()) {
			return Optional.empty();
		}
		return this.memberships.find(organizationId.trim(), claims.userId());
	}

}
