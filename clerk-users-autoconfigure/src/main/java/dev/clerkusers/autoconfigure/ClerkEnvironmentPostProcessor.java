package dev.clerkusers.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.command.ClerkCommandRunner;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Adds defaults, below every other property source:
 * <ul>
 * <li>{@code clerk.webhook.signing-secrets} from Clerk's conventional environment
 * variable {@code CLERK_WEBHOOK_SIGNING_SECRET} (the other {@code CLERK_*} variables bind
 * by Spring Boot's relaxed binding already);</li>
 * <li>a 3 s connection timeout of the Hikari pool.</li>
 * </ul>
 * When {@code clerk.command} is set, a command runs and exits, and serves no requests.
 * The application stays a web application, so that its own filter chains (built from
 * {@code HttpSecurity} or {@code ServerHttpSecurity}) are built as usual, but takes no
 * port another application on the same host may use: above every other property source,
 * {@code management.server.port} is {@code -1}, and {@code server.port} is {@code -1} (no
 * connector) in a servlet application, or {@code 0} on the loopback address in a reactive
 * one (Reactor Netty cannot start without a port).
 */
class ClerkEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "clerkDefaults";

	static final String COMMAND_PROPERTY_SOURCE_NAME = "clerkCommand";

	static final String SIGNING_SECRET_VARIABLE = "CLERK_WEBHOOK_SIGNING_SECRET";

	static final String CONNECTION_TIMEOUT = "spring.datasource.hikari.connection-timeout";

	static final String DEFAULT_CONNECTION_TIMEOUT = "3000";

	/**
	 * The web server of an application that runs a command: none that another application
	 * on the host could meet.
	 */
	private static Map<String, Object> commandServer(SpringApplication application) {
		if (application.getWebApplicationType() == WebApplicationType.REACTIVE) {
			return Map.of("server.port", "0", "server.address", "127.0.0.1", "management.server.port", "-1");
		}
		return Map.of("server.port", "-1", "management.server.port", "-1");
	}

	private static PropertySource<?> commandLine(ConfigurableEnvironment environment) {
		PropertySource<?> commandLine = environment.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		return (commandLine != null) ? commandLine : new MapPropertySource("none", Map.of());
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClerkCommandRunner.asksForACommand(environment.getProperty("clerk.command"),
				commandLine(environment).containsProperty("clerk.command"))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(COMMAND_PROPERTY_SOURCE_NAME, commandServer(application)));
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		Object secret = (variables != null) ? variables.getProperty(SIGNING_SECRET_VARIABLE) : null;
		if (secret != null && !secret.toString().isBlank()
				&& !environment.containsProperty("clerk.webhook.signing-secrets")) {
			defaults.put("clerk.webhook.signing-secrets", secret.toString());
		}
		if (!environment.containsProperty(CONNECTION_TIMEOUT)) {
			// A request waits for a database connection at most 3 s (milliseconds, as
			// Hikari binds it), then answers 503: Hikari's own default, 30 s, holds every
			// request thread during an outage.
			defaults.put(CONNECTION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

}
