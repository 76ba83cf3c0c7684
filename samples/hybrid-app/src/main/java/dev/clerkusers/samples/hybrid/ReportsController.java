package dev.clerkusers.samples.hybrid;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.security.CurrentClerkMachine;
import dev.clerkusers.token.ClerkMachineToken;
import dev.clerkusers.user.ClerkUserRepository;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports for scripts, called with a Clerk API key (see
 * {@link ReportsSecurityConfiguration}).
 */
@RestController
class ReportsController {

	private final ClerkUserRepository users;

	ReportsController(ClerkUserRepository users) {
		this.users = users;
	}

	/**
	 * A report of the users, for the key's owner.
	 */
	@GetMapping("/api/reports")
	Map<String, Object> reports(@CurrentClerkMachine(required = true) ClerkMachineToken key) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("requestedBy", key.subject());
		report.put("key", key.id());
		report.put("keyName", key.name().orElse(null));
		report.put("scopes", key.scopes());
		report.put("users", this.users.count());
		return report;
	}

}
