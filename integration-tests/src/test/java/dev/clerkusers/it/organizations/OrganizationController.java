package dev.clerkusers.it.organizations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import dev.clerkusers.organizations.security.CurrentOrganization;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that read the organization context, as an application would write them.
 * {@code @PreAuthorize} applies where method security is on
 * ({@link OrganizationTestApplicationConfiguration}).
 */
@RestController
class OrganizationController {

	@GetMapping("/api/organizations/current")
	Map<String, Object> current(@Nullable ClerkOrganizationContext context,
			@CurrentOrganization @Nullable Organization organization) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("organizationId", (context != null) ? context.organizationId() : null);
		body.put("role", (context != null) ? context.role() : null);
		body.put("permissions", (context != null) ? context.permissions() : null);
		body.put("source", (context != null) ? context.source().name() : null);
		body.put("name", (organization != null) ? organization.getName() : null);
		body.put("membersCount", (organization != null) ? organization.getMembersCount() : null);
		return body;
	}

	/**
	 * A context parameter wrapped in an {@code Optional}, which the library refuses
	 * rather than leave to data binding.
	 */
	@GetMapping("/api/organizations/wrapped")
	@Nullable String wrapped(Optional<ClerkOrganizationContext> context) {
		return context.map((active) -> active.organizationId() + " " + active.role()).orElse(null);
	}

	@PreAuthorize("@clerkOrganizations.hasRole('admin')")
	@DeleteMapping("/api/projects/{id}")
	ResponseEntity<Void> deleteProject(@PathVariable long id) {
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/billing/invoices")
	Map<String, Object> invoices() {
		return Map.of("invoices", List.of());
	}

}
