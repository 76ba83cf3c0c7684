package dev.clerkusers.organizations;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OrganizationService} did with data from Clerk.
 *
 * @param <T> the kind of row
 * @param outcome what happened
 * @param value the row concerned, or {@code null} when there is none
 */
public record Change<T>(Outcome outcome, @Nullable T value) {

	/**
	 * The row concerned.
	 * @return the row, if any
	 */
	public Optional<T> valueIfPresent() {
		return Optional.ofNullable(this.value);
	}

	/**
	 * Whether the database changed.
	 * @return {@code true} for created, updated and deleted
	 */
	public boolean changed() {
		return this.outcome == Outcome.CREATED || this.outcome == Outcome.UPDATED || this.outcome == Outcome.DELETED;
	}

	/**
	 * What happened.
	 */
	public enum Outcome {

		/** A row was created. */
		CREATED,

		/** A row was updated. */
		UPDATED,

		/** A row was deleted (a tombstone set). */
		DELETED,

		/** The data was not newer than what is stored: nothing changed. */
		STALE,

		/** The row is deleted; data for it is ignored. */
		IGNORED_DELETED

	}

}
