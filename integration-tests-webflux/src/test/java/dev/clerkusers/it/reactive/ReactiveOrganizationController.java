package dev.clerkusers.it.reactive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import dev.clerkusers.organizations.security.CurrentOrganization;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * WebFlux endpoints that read the organization context, as an application would write
 * them. {@code @PreAuthorize} applies where reactive method security is on
 * ({@link ReactiveOrganizationConfiguration}).
 */
@RestController
class ReactiveOrganizationController {

	@GetMapping("/api/organizations/current")
	Mono<Map<String, @Nullable Object>> current(@Nullable ClerkOrganizationContext context,
			@CurrentOrganization @Nullable Organization organization) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("organizationId", (context != null) ? context.organizationId() : null);
		body.put("role", (context != null) ? context.role() : null);
		body.put("permissions", (context != null) ? context.permissions() : null);
		body.put("source", (context != null) ? context.source().name() : null);
		body.put("name", (organization != null) ? organization.getName() : null);
		body.put("membersCount", (organization != null) ? organization.getMembersCount() : null);
		return Mono.just(body);
	}

	@GetMapping("/api/organizations/required")
	Mono<String> required(@CurrentOrganization(required = true) Organization organization) {
		return Mono.just(organization.getName());
	}

	/**
	 * A context parameter wrapped in a {@code Mono}, which the library refuses rather
	 * than leave to data binding.
	 */
	@GetMapping("/api/organizations/wrapped")
	Mono<String> wrapped(Mono<ClerkOrganizationContext> context) {
		return context.map((active) -> active.organizationId() + " " + active.role());
	}

	@PreAuthorize("@clerkOrganizations.hasRole('admin')")
	@DeleteMapping("/api/projects/{id}")
	Mono<ResponseEntity<Void>> deleteProject(@PathVariable long id) {
		return Mono.just(ResponseEntity.noContent().build());
	}

	@PreAuthorize("@clerkOrganizations.hasPermission('org:billing:manage')")
	@GetMapping("/api/organizations/billing")
	Mono<String> billing() {
		return Mono.just("billing");
	}

	@PreAuthorize("@clerkOrganizations.hasAnyRole('owner', 'admin')")
	@GetMapping("/api/organizations/settings")
	Mono<String> settings() {
		return Mono.just("settings");
	}

	@GetMapping("/api/billing/invoices")
	Mono<Map<String, Object>> invoices() {
		return Mono.just(Map.of("invoices", List.of()));
	}

	@GetMapping("/api/admin/audit")
	Mono<String> audit() {
		return Mono.just("audit");
	}

	@GetMapping("/api/teams")
	Mono<String> teams() {
		return Mono.just("teams");
	}

}
