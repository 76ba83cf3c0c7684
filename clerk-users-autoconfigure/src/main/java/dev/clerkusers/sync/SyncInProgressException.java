package dev.clerkusers.sync;

import java.io.Serial;

/**
 * A sync or push refused because another one is running, on this instance or another.
 */
public class SyncInProgressException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was refused
	 */
	public SyncInProgressException(String message) {
		super(message);
	}

}
