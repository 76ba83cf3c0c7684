package dev.clerkusers.samples.hybrid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import dev.clerkusers.organizations.security.CurrentOrganization;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The JSON API, called by a frontend with Clerk session tokens.
 */
@RestController
@RequestMapping("/api")
class ApiController {

	private final OrganizationService organizations;

	ApiController(OrganizationService organizations) {
		this.organizations = organizations;
	}

	/**
	 * The signed-in user.
	 */
	@GetMapping("/me")
	Map<String, Object> me(@CurrentClerkUser(required = true) ClerkUser user,
			@Nullable ClerkOrganizationContext organization) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("id", user.getUid());
		me.put("clerkId", user.getClerkId());
		me.put("email", user.getEmail());
		me.put("name", user.getFullName());
		me.put("organization", (organization != null) ? organization.organizationId() : null);
		me.put("role", (organization != null) ? organization.role() : null);
		return me;
	}

	/**
	 * The active organization of the request.
	 */
	@GetMapping("/organizations/current")
	Map<String, Object> currentOrganization(@CurrentOrganization @Nullable Organization organization,
			@Nullable ClerkOrganizationContext context) {
		if (organization == null || context == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No active organization");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", organization.getClerkId());
		body.put("name", organization.getName());
		body.put("slug", organization.getSlug());
		body.put("membersCount", organization.getMembersCount());
		body.put("role", context.role());
		body.put("permissions", context.permissions());
		return body;
	}

	/**
	 * The members of the active organization: for its admins only.
	 */
	@PreAuthorize("@clerkOrganizations.hasRole('admin')")
	@GetMapping("/organizations/current/members")
	List<Map<String, Object>> members(@CurrentOrganization(required = true) Organization organization) {
		return this.organizations.findActiveMemberships(organization)
			.stream()
			.map((membership) -> Map.<String, Object>of("email", String.valueOf(membership.getUser().getEmail()),
					"name", membership.getUser().getFullName(), "role", membership.getRole()))
			.toList();
	}

}
