package dev.clerkusers.organizations.security;

import java.util.Optional;

import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.security.ClerkOrganizationSelector;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;

/**
 * Selects the active organization a request asks for in a header
 * ({@code X-Organization-Id} by default) — only when the token carries no active
 * organization (the token's always wins), and only when the user is a current member of
 * that organization locally; the role and permissions then come from the local
 * membership. Anything else leaves the request without an organization.
 */
public class HeaderOrganizationSelector implements ClerkOrganizationSelector {

	private final StoredOrganizationMemberships memberships;

	private final String headerName;

	/**
	 * Creates the selector.
	 * @param organizations the organization service
	 * @param headerName the header, usually {@code X-Organization-Id}
	 */
	public HeaderOrganizationSelector(OrganizationService organizations, String headerName) {
		this.memberships = new StoredOrganizationMemberships(organizations);
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
