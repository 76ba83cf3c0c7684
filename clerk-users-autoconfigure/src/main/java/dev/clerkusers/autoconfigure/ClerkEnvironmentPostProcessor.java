package dev.clerkusers.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds two defaults, below every other property source:
 * <ul>
 * <li>{@code clerk.webhook.signing-secrets} from Clerk's conventional environment
 * variable {@code CLERK_WEBHOOK_SIGNING_SECRET} (the other {@code CLERK_*} variables bind
 * by Spring Boot's relaxed binding already);</li>
 * <li>when {@code clerk.command} is set, {@code spring.main.web-application-type=none}: a
 * command runs and exits, it serves no requests.</li>
 * </ul>
 */
class ClerkEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "clerkDefaults";

	static final String SIGNING_SECRET_VARIABLE = "CLERK_WEBHOOK_SIGNING_SECRET";

	static final String CONNECTION_TIMEOUT = "spring.datasource.hikari.connection-timeout";

	static final String DEFAULT_CONNECTION_TIMEOUT = "3000";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		String command = environment.getProperty("clerk.command");
		if (command != null && !command.isBlank()
				&& !environment.containsProperty("spring.main.web-application-type")) {
			defaults.put("spring.main.web-application-type", "none");
		}
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		Object secret = (variables != null) ? variables.getProperty(SIGNING_SECRET_VARIABLE) : null;
		if (secret != null && !secret.toString().isBlank()
				&& !environment.containsProperty("clerk.webhook.signing-secrets")) {
			defaults.put("clerk.webhook.signing-secrets", secret.toString());
		}
		if (!environment.containsProperty(CONNECTION_TIMEOUT)) {
			// A request waits for a database connection at most 3 s (milliseconds, as
			// Hikari
			// binds it), then answers
			// 503: Hikari's own default, 30 s, holds every request thread during an
			// outage.
			defaults.put(CONNECTION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

}
