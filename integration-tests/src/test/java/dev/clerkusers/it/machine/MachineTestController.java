package dev.clerkusers.it.machine;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.security.CurrentClerkMachine;
import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.user.ClerkUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints for machines, written as a user of the library would.
 */
@RestController
class MachineTestController {

	@GetMapping({ "/machine/reports", "/machine/reports/admin", "/machine/internal/sync", "/machine/callers/sync",
			"/machine/mixed/whoami" })
	Map<String, Object> whoami(@CurrentClerkMachine @Nullable ClerkMachineToken machine,
			@CurrentClerkUser @Nullable ClerkUser user,
			@CurrentClerkUser(apiKeyUser = true) @Nullable ClerkUser apiKeyUser, Authentication authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", authentication.getName());
		body.put("type", (machine != null) ? machine.type().value() : "session_token");
		body.put("id", (machine != null) ? machine.id() : null);
		body.put("subject", (machine != null) ? machine.subject() : null);
		body.put("organization", (machine != null) ? machine.organizationId().orElse(null) : null);
		body.put("scopes", (machine != null) ? machine.scopes() : null);
		body.put("claims", (machine != null) ? machine.claims() : null);
		body.put("user", (user != null) ? user.getClerkId() : null);
		body.put("apiKeyUser", (apiKeyUser != null) ? apiKeyUser.getEmail() : null);
		body.put("authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		return body;
	}

	@GetMapping({ "/machine/reports/required", "/machine/mixed/required-machine" })
	Map<String, Object> required(@CurrentClerkMachine(required = true) ClerkMachineToken machine) {
		return Map.of("id", machine.id());
	}

	@GetMapping("/machine/mixed/required-user")
	Map<String, Object> requiredUser(@CurrentClerkUser(required = true) ClerkUser user) {
		return Map.of("user", String.valueOf(user.getClerkId()));
	}

}
