package dev.clerkusers.sync;

import java.io.Serial;

/**
 * A sync or push that stopped before changing anything, because going on could take
 * access from users who still have it: Clerk listed nothing, reconcile would deactivate
 * more than {@code clerk.sync.reconcile-max-fraction} allows, or the secret key belongs
 * to another Clerk instance than the stored data. The message says what to check; the
 * {@code --force} option goes past the guard.
 */
public class SyncRefusedException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was refused, and what to do
	 */
	public SyncRefusedException(String message) {
		super(message);
	}

}
