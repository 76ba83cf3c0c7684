package dev.clerkusers.coreonly;

import java.util.Map;

import dev.clerkusers.security.CurrentClerkUser;
import dev.clerkusers.user.ClerkUser;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with the starter only, for the test that runs it without the
 * organizations module.
 */
@SpringBootApplication
public class CoreOnlyApplication {

	@RestController
	static class MeController {

		@GetMapping("/api/me")
		Map<String, Object> me(@CurrentClerkUser(required = true) ClerkUser user) {
			return Map.of("clerkId", String.valueOf(user.getClerkId()));
		}

	}

}
