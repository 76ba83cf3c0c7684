package dev.clerkusers.samples.tokenonly;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A JSON API with no database. Every request under {@code /api} needs a Clerk session
 * token; the principal is the token's verified claims.
 */
@SpringBootApplication
public class TokenOnlyApplication {

	/**
	 * Starts the application.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		SpringApplication.run(TokenOnlyApplication.class, args);
	}

}
