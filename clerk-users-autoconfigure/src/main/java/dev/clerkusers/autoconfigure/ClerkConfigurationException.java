package dev.clerkusers.autoconfigure;

import java.io.Serial;

/**
 * Thrown at startup when the clerk-users configuration cannot work, naming the property
 * to set or fix. The application does not start, and
 * {@link ClerkConfigurationFailureAnalyzer} explains what to do.
 */
public class ClerkConfigurationException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String property;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the property at fault, for example {@code clerk.secret-key}, or
	 * empty when the fault is in the application's beans
	 * @param problem what is wrong
	 * @param action what to do about it
	 */
	public ClerkConfigurationException(String property, String problem, String action) {
		super(problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * Creates an exception with the failure that showed the fault.
	 * @param property the property at fault, or empty when the fault is in the
	 * application's beans
	 * @param problem what is wrong
	 * @param action what to do about it
	 * @param cause the failure that showed it
	 */
	public ClerkConfigurationException(String property, String problem, String action, Throwable cause) {
		super(problem, cause);
		this.property = property;
		this.action = action;
	}

	/**
	 * The property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
