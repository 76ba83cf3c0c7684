package dev.clerkusers.sync;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.mirror.Outages;

/**
 * Tells an outage from bad data in a sync. Bad data fails one object, which the sync
 * reports and passes over; an outage of the database or of Clerk would fail every object
 * the same way, so it ends the sync at once.
 */
public final class SyncFailures {

	private SyncFailures() {
	}

	/**
	 * Whether a failure is an outage: of the database ({@link Outages}), or of Clerk (no
	 * answer, 5xx, or 429 after the retries).
	 * @param failure the failure
	 * @return {@code true} for an outage
	 */
	public static boolean isOutage(Throwable failure) {
		return ClerkApiException.isClerkOutage(failure) || Outages.isOutage(failure);
	}

	/**
	 * Ends the sync when a failure is an outage.
	 * @param failure the failure
	 * @param doing what the sync was doing, for the message
	 * @throws SyncAbortedException when the failure is an outage
	 */
	public static void abortOnOutage(RuntimeException failure, String doing) {
		if (isOutage(failure)) {
			throw new SyncAbortedException("The sync stopped while " + doing + ": " + failure.getMessage()
					+ ". What was stored before stays; run it again when the service is back.", failure);
		}
	}

}
