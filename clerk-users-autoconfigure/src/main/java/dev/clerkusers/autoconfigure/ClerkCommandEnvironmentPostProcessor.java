package dev.clerkusers.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When {@code clerk.command} is set, starts the application without a web server (unless
 * {@code spring.main.web-application-type} says otherwise): a command runs and exits, it serves no requests.
 */
class ClerkCommandEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "clerkCommand";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String command = environment.getProperty("clerk.command");
		if (command == null || command.isBlank() || environment.containsProperty("spring.main.web-application-type")) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("spring.main.web-application-type", "none")));
	}

}
