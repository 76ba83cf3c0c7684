package dev.clerkusers.samples.tokenonly;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.token.ClerkOrganizationClaims;
import dev.clerkusers.token.ClerkSessionClaims;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the application knows of the caller, read from the session token alone.
 */
@RestController
class MeController {

	/**
	 * The signed-in user, their session, authorities and active organization.
	 * @param claims the verified claims: the principal of a Clerk request without the
	 * users table
	 * @param authentication the authentication
	 * @return the caller
	 */
	@GetMapping("/api/me")
	Map<String, Object> me(@AuthenticationPrincipal ClerkSessionClaims claims,
			ClerkAuthenticationToken authentication) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("userId", claims.userId());
		me.put("sessionId", claims.sessionId());
		me.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		authentication.getOrganization()
			.ifPresent((organization) -> me.put("organization", organization(organization)));
		return me;
	}

	/**
	 * A page for organization admins only.
	 * @param authentication the authentication
	 * @return the organization
	 */
	@GetMapping("/api/organization/settings")
	@PreAuthorize("hasAuthority('org:admin')")
	Map<String, Object> settings(ClerkAuthenticationToken authentication) {
		return organization(authentication.getOrganization().orElseThrow());
	}

	private static Map<String, Object> organization(ClerkOrganizationClaims organization) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", organization.id());
		map.put("role", organization.role());
		map.put("permissions", List.copyOf(organization.permissions()));
		return map;
	}

}
