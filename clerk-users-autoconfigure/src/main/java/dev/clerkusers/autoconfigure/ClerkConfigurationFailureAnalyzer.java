package dev.clerkusers.autoconfigure;

import java.util.Set;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClerkConfigurationException}: which property is wrong and what to
 * set; for a key, in a test, the test kit's annotation that sets it.
 */
class ClerkConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ClerkConfigurationException> {

	/** The keys a test gets from the test kit's fake Clerk. */
	private static final Set<String> KEY_PROPERTIES = Set.of("clerk.secret-key", "clerk.publishable-key",
			"clerk.jwt-key");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClerkConfigurationException cause) {
		String property = cause.getProperty().isEmpty() ? "" : " (property '" + cause.getProperty() + "')";
		String action = cause.getAction();
		if (KEY_PROPERTIES.contains(cause.getProperty())) {
			action += TestKitHint.annotate("@AutoConfigureFakeClerk", "which sets the keys of a fake Clerk");
		}
		return new FailureAnalysis("clerk-users is not configured correctly: " + cause.getMessage() + property + ".",
				action, cause);
	}

}
