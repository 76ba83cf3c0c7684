package dev.clerkusers.user;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClerkUserService#upsertFromClerk(dev.clerkusers.api.UserResource)} did with
 * data from Clerk.
 *
 * @param outcome what happened
 * @param user the user row concerned, or {@code null} when the data was ignored without a
 * row to show for it
 */
public record UpsertResult(Outcome outcome, @Nullable ClerkUser user) {

	/**
	 * The user concerned.
	 * @return the user, if there is one
	 */
	public Optional<ClerkUser> userIfPresent() {
		return Optional.ofNullable(this.user);
	}

	/**
	 * Whether the database changed.
	 * @return {@code true} for {@link Outcome#CREATED}, {@link Outcome#UPDATED},
	 * {@link Outcome#LINKED} and {@link Outcome#REACTIVATED}
	 */
	public boolean changed() {
		return this.outcome.changed;
	}

	/**
	 * What an upsert did.
	 */
	public enum Outcome {

		/** A new row was created. */
		CREATED(true),

		/** The row with this Clerk id was updated. */
		UPDATED(true),

		/**
		 * An existing local account without Clerk id was linked through its verified
		 * primary email.
		 */
		LINKED(true),

		/**
		 * A deactivated account was linked to a new Clerk user with the same verified
		 * email and reactivated.
		 */
		REACTIVATED(true),

		/**
		 * The data was not newer than what is stored, so nothing changed (the ordering
		 * guard).
		 */
		STALE(false),

		/** The Clerk user was deleted; data for it is ignored (the tombstone). */
		DELETED(false);

		private final boolean changed;

		Outcome(boolean changed) {
			this.changed = changed;
		}

	}

}
