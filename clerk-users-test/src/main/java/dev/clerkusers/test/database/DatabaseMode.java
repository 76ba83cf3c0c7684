package dev.clerkusers.test.database;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Which PostgreSQL the test database uses, chosen with the {@code clerk.test.database}
 * system property, the {@code CLERK_TEST_DATABASE} environment variable or a test
 * property.
 */
public enum DatabaseMode {

	/**
	 * A Testcontainers PostgreSQL when Docker answers and the images are at hand (on this
	 * machine, or pulled from a registry that answers within seconds), an embedded
	 * PostgreSQL otherwise (the default).
	 */
	AUTO,

	/** Always a Testcontainers PostgreSQL; fails when Docker does not answer. */
	CONTAINER,

	/** Always an embedded PostgreSQL, even when Docker answers. */
	EMBEDDED;

	/** The property that chooses the mode. */
	public static final String PROPERTY = "clerk.test.database";

	/**
	 * Reads the mode from the environment.
	 * @param environment the environment (system properties, environment variables, test
	 * properties)
	 * @return the mode; {@link #AUTO} when none is set
	 * @throws IllegalStateException when the value is not one of {@code auto},
	 * {@code container}, {@code embedded}
	 */
	public static DatabaseMode from(Environment environment) {
		return parse(environment.getProperty(PROPERTY));
	}

	/**
	 * Reads the mode from the {@code clerk.test.database} system property, else the
	 * {@code CLERK_TEST_DATABASE} environment variable.
	 * @return the mode; {@link #AUTO} when none is set
	 * @throws IllegalStateException when the value is not one of {@code auto},
	 * {@code container}, {@code embedded}
	 */
	public static DatabaseMode fromSystem() {
		String value = System.getProperty(PROPERTY);
		return parse((value != null) ? value : System.getenv("CLERK_TEST_DATABASE"));
	}

	/**
	 * Parses a mode.
	 * @param value the value, in any case
	 * @return the mode; {@link #AUTO} for {@code null} or blank
	 * @throws IllegalStateException when the value is not one of {@code auto},
	 * {@code container}, {@code embedded}
	 */
	public static DatabaseMode parse(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return AUTO;
		}
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					PROPERTY + " (or CLERK_TEST_DATABASE) is '" + value + "'; use auto, container or embedded");
		}
	}

	/**
	 * Whether this mode uses a container, asking Docker (whether it answers, and has or
	 * can pull the images) only for {@link #AUTO}.
	 * @return {@code true} for a Testcontainers PostgreSQL
	 */
	public boolean usesContainer() {
		return switch (this) {
			case CONTAINER -> true;
			case EMBEDDED -> false;
			case AUTO -> DockerAvailability.isAvailable() && ContainerImages.areAtHand();
		};
	}

}
