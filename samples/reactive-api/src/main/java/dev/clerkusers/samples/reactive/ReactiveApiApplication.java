package dev.clerkusers.samples.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reactive sample application. Run it with
 * {@code ./mvnw -pl samples/reactive-api -am spring-boot:run}.
 * <p>
 * Without Clerk keys ({@code CLERK_SECRET_KEY}, {@code CLERK_PUBLISHABLE_KEY},
 * {@code CLERK_JWT_KEY}) it runs against a local stand-in of Clerk, and without
 * {@code SPRING_DATASOURCE_URL} on an embedded PostgreSQL: see {@link LocalMode}.
 */
@SpringBootApplication
public class ReactiveApiApplication {

	/**
	 * Starts the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveApiApplication.class);
		LocalMode.prepare(application, args);
		application.run(args);
	}

}
