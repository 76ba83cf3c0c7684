package dev.clerkusers.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClerkConfigurationException}: which property is wrong and what to
 * set.
 */
class ClerkConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ClerkConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClerkConfigurationException cause) {
		String property = cause.getProperty().isEmpty() ? "" : " (property '" + cause.getProperty() + "')";
		return new FailureAnalysis("clerk-users is not configured correctly: " + cause.getMessage() + property + ".",
				cause.getAction(), cause);
	}

}
