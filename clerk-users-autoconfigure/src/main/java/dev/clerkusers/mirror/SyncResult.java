package dev.clerkusers.mirror;

import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What applying Clerk's data to a local copy did.
 *
 * @param <T> the kind of local copy
 * @param outcome what happened
 * @param value the local copy concerned, or {@code null} when the data was ignored
 * without a row to show for it
 */
public record SyncResult<T>(Outcome outcome, @Nullable T value) {

	/**
	 * A result.
	 * @param <T> the kind of local copy
	 * @param outcome what happened
	 * @param value the local copy concerned
	 * @return the result
	 */
	public static <T> SyncResult<T> of(Outcome outcome, T value) {
		return new SyncResult<>(outcome, value);
	}

	/**
	 * The local copy concerned.
	 * @return the local copy, if there is one
	 */
	public Optional<T> valueIfPresent() {
		return Optional.ofNullable(this.value);
	}

	/**
	 * The local copy concerned, which the caller knows is there.
	 * @return the local copy
	 * @throws IllegalStateException when there is none
	 */
	public T requiredValue() {
		if (this.value == null) {
			throw new IllegalStateException("The " + this.outcome + " result has no value");
		}
		return this.value;
	}

	/**
	 * Whether the database changed.
	 * @return {@code true} for every outcome but {@link Outcome#STALE} and
	 * {@link Outcome#IGNORED_DELETED}
	 */
	public boolean changed() {
		return this.outcome.changed;
	}

	/**
	 * The same outcome, with another value.
	 * @param <R> the other kind
	 * @param mapper maps the value
	 * @return the result
	 */
	public <R> SyncResult<R> map(Function<T, R> mapper) {
		return new SyncResult<>(this.outcome, (this.value != null) ? mapper.apply(this.value) : null);
	}

	/**
	 * What applying Clerk's data did.
	 */
	public enum Outcome {

		/** A new local copy was created. */
		CREATED(true),

		/** The local copy was updated. */
		UPDATED(true),

		/**
		 * An existing local account without Clerk id was linked to the Clerk record
		 * through its verified email.
		 */
		LINKED(true),

		/**
		 * A deleted local account was linked to a new Clerk record with the same verified
		 * email, and reactivated.
		 */
		REACTIVATED(true),

		/**
		 * The record was deleted in Clerk: its local copy now carries a tombstone (a
		 * change).
		 */
		DELETED(true),

		/**
		 * The data was not newer than the local copy, so nothing changed (the ordering
		 * guard).
		 */
		STALE(false),

		/**
		 * The local copy is a tombstone: data for a deleted record is ignored, nothing
		 * changed.
		 */
		IGNORED_DELETED(false);

		private final boolean changed;

		Outcome(boolean changed) {
			this.changed = changed;
		}

	}

}
