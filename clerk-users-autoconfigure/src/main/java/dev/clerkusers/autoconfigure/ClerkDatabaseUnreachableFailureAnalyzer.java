package dev.clerkusers.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClerkDatabaseUnreachableException}: the database's own reason, and
 * what to check; in a test, the test kit's annotation that gives it a database.
 */
class ClerkDatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<ClerkDatabaseUnreachableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClerkDatabaseUnreachableException cause) {
		return new FailureAnalysis(
				"clerk-users could not connect to the database to migrate its tables (history table "
						+ cause.getHistoryTable() + "): " + cause.getReason(),
				"Check that the database is running and reachable from here, and that the application's DataSource"
						+ " names it (spring.datasource.url, spring.datasource.username and spring.datasource.password"
						+ " when Spring Boot builds it). clerk-users migrates its tables at start-up, with that"
						+ " DataSource." + TestKitHint.testDatabase(),
				cause);
	}

}
