package dev.clerkusers.command;

import java.io.Serial;

import org.springframework.boot.ExitCodeGenerator;

/**
 * Thrown when a command fails or is used wrongly. Spring Boot takes the exit status of
 * the application from {@link #getExitCode()}.
 */
public class ClerkCommandException extends RuntimeException implements ExitCodeGenerator {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Exit status of a command that failed. */
	public static final int FAILED = 1;

	/** Exit status of a command that was used wrongly (unknown command, bad option). */
	public static final int USAGE = 2;

	private final int exitCode;

	/**
	 * Creates an exception with exit status {@link #FAILED}.
	 * @param message what went wrong
	 */
	public ClerkCommandException(String message) {
		this(message, FAILED);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param exitCode the exit status of the application
	 */
	public ClerkCommandException(String message, int exitCode) {
		super(message);
		this.exitCode = exitCode;
	}

	/**
	 * Creates an exception with exit status {@link #FAILED} for a failure underneath.
	 * @param message what went wrong
	 * @param cause the failure
	 */
	public ClerkCommandException(String message, Throwable cause) {
		super(message, cause);
		this.exitCode = FAILED;
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
