package dev.clerkusers.startup;

import java.security.Principal;
import java.util.Comparator;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the start-up benchmark launches in a JVM of its own: an ordinary Boot application
 * with Spring MVC, JPA (one entity), Flyway (one script) and Spring Security, and one
 * endpoint that needs an authenticated user and reads the database. Launched with the
 * starter on the class path it is the sample's configuration (Clerk tokens, the users
 * table, webhooks, organizations); without, plain Boot with HTTP Basic. With
 * {@code -Dstartup.steps=true} it records its start-up steps and prints the slowest
 * (nested steps include their children).
 */
@SpringBootApplication
public class StartupApplication {

	/**
	 * Starts the application.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupApplication.class);
		if (Boolean.getBoolean("startup.steps")) {
			BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
			application.setApplicationStartup(startup);
			application.run(args);
			printSlowestSteps(startup);
			return;
		}
		application.run(args);
	}

	private static void printSlowestSteps(BufferingApplicationStartup startup) {
		startup.getBufferedTimeline()
			.getEvents()
			.stream()
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
			.limit(Integer.getInteger("startup.steps.limit", 60))
			.forEach((event) -> {
				StringBuilder tags = new StringBuilder();
				event.getStartupStep()
					.getTags()
					.forEach((tag) -> tags.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
				System.out.printf("STEP %6d ms %s%s%n", event.getDuration().toMillis(),
						event.getStartupStep().getName(), tags);
			});
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
