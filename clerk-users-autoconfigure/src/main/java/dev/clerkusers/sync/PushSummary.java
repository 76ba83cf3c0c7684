package dev.clerkusers.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What pushing local users to Clerk did (or, in a dry run, would have done).
 *
 * @param processed how many local users were selected
 * @param created how many were created in Clerk
 * @param linked how many already existed in Clerk (same email) and were linked
 * @param withPassword how many of those created kept their password (its hash was
 * imported)
 * @param withoutPassword the emails of those created without a password (their hash could
 * not be imported): they sign in with an email code or link, or reset their password
 * @param failed the users that could not be pushed, with why
 * @param conflicts the users left alone because Clerk has their address on an account
 * that has not verified it, or on more than one account: linking them would hand the
 * local account to someone who only claims the address
 * @param duration how long it took
 * @param dryRun whether nothing was changed
 */
public record PushSummary(long processed, long created, long linked, long withPassword, List<String> withoutPassword,
		List<String> failed, List<String> conflicts, Duration duration, boolean dryRun) {

	/**
	 * Copies the lists.
	 * @param processed processed
	 * @param created created
	 * @param linked linked
	 * @param withPassword with password
	 * @param withoutPassword without password
	 * @param failed failed
	 * @param conflicts conflicts
	 * @param duration duration
	 * @param dryRun dry run
	 */
	public PushSummary {
		withoutPassword = List.copyOf(withoutPassword);
		failed = List.copyOf(failed);
		conflicts = List.copyOf(conflicts);
	}

	/**
	 * One line for logs and consoles, the same in every locale.
	 * @return the line
	 */
	public String describe() {
		return String.format(Locale.ROOT,
				"push%s: %d processed, %d created (%d with their password, %d without), %d linked, "
						+ "%d in conflict, %d failed (%.1f s)",
				this.dryRun ? " (dry run)" : "", this.processed, this.created, this.withPassword,
				this.withoutPassword.size(), this.linked, this.conflicts.size(), this.failed.size(),
				this.duration.toNanos() / 1e9);
	}

}
