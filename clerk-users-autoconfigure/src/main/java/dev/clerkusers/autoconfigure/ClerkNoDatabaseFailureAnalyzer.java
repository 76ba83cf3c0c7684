package dev.clerkusers.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains an application that has no database at all: {@code spring.datasource.url} is
 * not set and Spring Boot found no embedded database. Spring Boot's own analysis of that
 * failure suggests putting H2, HSQL or Derby on the class path, which cannot hold the
 * library's tables; in a test written without the test kit's {@code @ClerkTestDatabase}
 * (Spring Initializr's {@code contextLoads()}), the annotation is the answer. It runs
 * before Spring Boot's and analyzes exactly the failure Spring Boot's
 * {@code DataSourceBeanCreationFailureAnalyzer} does, whose exception type is not public.
 */
class ClerkNoDatabaseFailureAnalyzer implements FailureAnalyzer, Ordered {

	/**
	 * The type of the exception Spring Boot throws when no URL and no embedded database.
	 */
	private static final String NO_DATABASE_EXCEPTION = "org.springframework.boot.jdbc.autoconfigure."
			+ "DataSourceProperties$DataSourceBeanCreationException";

	private final Environment environment;

	ClerkNoDatabaseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(NO_DATABASE_EXCEPTION)) {
				return analysis(cause);
			}
		}
		return null;
	}

	private FailureAnalysis analysis(Throwable cause) {
		String[] profiles = this.environment.getActiveProfiles();
		return new FailureAnalysis(
				"Failed to configure a DataSource: 'url' attribute is not specified. clerk-users keeps its users"
						+ " in a PostgreSQL database, and the application has none.",
				"Set spring.datasource.url, spring.datasource.username and spring.datasource.password to a"
						+ " PostgreSQL database (an embedded H2, HSQL or Derby cannot hold clerk-users' tables). If the"
						+ " settings are in a profile, activate it (active now: "
						+ ((profiles.length != 0) ? String.join(", ", profiles) : "none") + ")"
						+ ". An application that only verifies tokens needs no database: leave JPA, Flyway and"
						+ " the driver out of the starter (docs/authentication.md, \"Without a database\")."
						+ TestKitHint.testDatabase(),
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
