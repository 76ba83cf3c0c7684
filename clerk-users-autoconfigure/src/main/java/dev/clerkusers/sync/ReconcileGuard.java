package dev.clerkusers.sync;

import java.util.Locale;

/**
 * The blast-radius guard of reconciliation: it refuses, before anything is deactivated,
 * when Clerk listed nothing while linked local rows exist, or when more than a share of
 * the linked local rows would be deactivated. Both are the marks of a wrong secret key or
 * a broken listing rather than of deletions in Clerk. A forced run goes past it.
 */
public class ReconcileGuard {

	/** The share of linked rows one reconciliation may deactivate by default: 5 %. */
	public static final double DEFAULT_MAX_FRACTION = 0.05;

	private final double maxFraction;

	/**
	 * Creates the guard.
	 * @param maxFraction the largest share of the linked local rows one reconciliation
	 * may deactivate, from 0 to 1
	 */
	public ReconcileGuard(double maxFraction) {
		if (!(maxFraction >= 0 && maxFraction <= 1)) {
			throw new IllegalArgumentException(
					"clerk.sync.reconcile-max-fraction must be between 0 and 1, not " + maxFraction);
		}
		this.maxFraction = maxFraction;
	}

	/**
	 * Refuses a listing that is empty while linked local rows exist, before any of them
	 * is looked at.
	 * @param kind what is reconciled, in the plural: {@code users}
	 * @param listed how many Clerk listed
	 * @param stored how many linked local rows reconciliation considers
	 * @param force whether to go past the guard
	 * @throws SyncRefusedException when refused
	 */
	public void checkListing(String kind, long listed, long stored, boolean force) {
		if (!force && listed == 0 && stored > 0) {
			throw new SyncRefusedException("Clerk listed no " + singular(kind) + " but " + stored + " linked local "
					+ kind + " exist, so reconcile would deactivate them all. No " + kind
					+ " were deactivated. Check that" + " clerk.secret-key is the key of the instance these " + kind
					+ " come from, or run with --force to deactivate them.");
		}
	}

	/**
	 * Refuses to deactivate more than the allowed share of the linked local rows.
	 * @param kind what is reconciled, in the plural: {@code users}
	 * @param stored how many linked local rows reconciliation considers
	 * @param gone how many Clerk confirmed it no longer has
	 * @param force whether to go past the guard
	 * @throws SyncRefusedException when refused
	 */
	public void checkDeactivations(String kind, long stored, long gone, boolean force) {
		if (!force && gone > 0 && gone > this.maxFraction * stored) {
			throw new SyncRefusedException(String.format(Locale.ROOT,
					"Reconcile would deactivate %d of %d linked %s (%.1f %%), more than"
							+ " clerk.sync.reconcile-max-fraction=%s allows. No %s were deactivated. Check what"
							+ " was deleted in Clerk, then raise the property or run with --force.",
					gone, stored, kind, 100.0 * gone / stored, this.maxFraction, kind));
		}
	}

	private static String singular(String kind) {
		return kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
	}

}
