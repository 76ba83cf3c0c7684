package dev.clerkusers.command;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootExceptionReporter;

/**
 * Reports a command that failed, or was used wrongly, as one line at {@code ERROR}, its
 * reason, in place of Spring Boot's "Application run failed" and a stack trace: the exit
 * status says that it failed, and the message what to do. That holds for failures the
 * library explains (its own exceptions, such as a sync stopped by an outage, and a table
 * of the library that does not exist); a failure it does not expect (a
 * {@code NullPointerException}, a database error) keeps its stack trace at {@code ERROR},
 * and the others have theirs at {@code DEBUG}. Registered in
 * {@code META-INF/spring.factories}; any other failure of the application is left to
 * Spring Boot.
 */
class ClerkCommandFailureReporter implements SpringBootExceptionReporter {

	private static final Log logger = LogFactory.getLog(ClerkCommandRunner.class);

	@Override
	public boolean reportException(Throwable failure) {
		ClerkCommandException command = commandFailure(failure);
		if (command == null) {
			return false;
		}
		Throwable cause = command.getCause();
		if (cause != null && !isExplained(cause)) {
			logger.error(command.getMessage(), cause);
			return true;
		}
		logger.error(command.getMessage());
		if (logger.isDebugEnabled()) {
			logger.debug("The command failed", command);
		}
		return true;
	}

	/**
	 * Whether a failure is one of the library's own, whose message says what happened, or
	 * a table of the library that does not exist, which the command's message explains.
	 */
	private static boolean isExplained(Throwable failure) {
		return failure.getClass().getName().startsWith("dev.clerkusers.") || MissingTable.isMissingTable(failure);
	}

	private static @Nullable ClerkCommandException commandFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClerkCommandException command) {
				return command;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
