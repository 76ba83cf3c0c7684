package dev.clerkusers.sync;

import java.io.Serial;

/**
 * A sync ended by an outage of the database or of Clerk. What was stored before it stays;
 * a sync run again later picks up where the data differs. An outage ends the sync at once
 * rather than being retried object by object.
 */
public class SyncAbortedException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what the sync was doing
	 * @param cause the outage
	 */
	public SyncAbortedException(String message, Throwable cause) {
		super(message, cause);
	}

}
