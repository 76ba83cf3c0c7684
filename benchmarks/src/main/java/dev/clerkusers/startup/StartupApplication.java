package dev.clerkusers.startup;

import java.security.Principal;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the start-up benchmark launches in a JVM of its own: an ordinary Boot application
 * with Spring MVC, JPA (one entity), Flyway (one script) and Spring Security, and one
 * endpoint that needs an authenticated user and reads the database. Launched with the
 * starter on the class path it is the sample's configuration (Clerk tokens, the users
 * table, webhooks, organizations); without, plain Boot with HTTP Basic.
 */
@SpringBootApplication
public class StartupApplication {

	/**
	 * Starts the application.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(StartupApplication.class, args);
	}

	@RestController
	static class PingController {

		private final NoteRepository notes;

		PingController(NoteRepository notes) {
			this.notes = notes;
		}

		@GetMapping("/startup/ping")
		Map<String, Object> ping(Principal principal) {
			return Map.of("user", principal.getName(), "notes", this.notes.count());
		}

	}

}
