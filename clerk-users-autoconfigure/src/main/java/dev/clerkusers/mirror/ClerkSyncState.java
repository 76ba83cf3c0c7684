package dev.clerkusers.mirror;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/**
 * The columns by which a local copy follows its Clerk record, and the rules they keep:
 * <ul>
 * <li><b>Ordering guard</b>: data whose {@code updated_at} is not newer than what the
 * copy stands for is ignored, so a late or retried event never overwrites newer
 * data.</li>
 * <li><b>Tombstone</b>: a copy of a record deleted in Clerk keeps the deletion time; what
 * it means for later data is the owner's rule.</li>
 * <li><b>Pending</b>: a copy created from a reference alone (a token, a membership) takes
 * any data, whatever its time, until its first full data arrives.</li>
 * </ul>
 * Entities embed it privately and expose read-only accessors, so that only their service
 * changes it.
 */
@Embeddable
public class ClerkSyncState implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	@Column(name = "clerk_created_at")
	private @Nullable Instant clerkCreatedAt;

	@Column(name = "clerk_updated_at")
	private @Nullable Instant clerkUpdatedAt;

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	@Column(name = "sync_pending", nullable = false)
	private boolean syncPending;

	/**
	 * Whether data with this {@code updated_at} may be applied: always for a pending
	 * copy, otherwise only when it is newer than what the copy stands for.
	 * @param updatedAt Clerk's {@code updated_at} of the data
	 * @return {@code true} when the data is to be applied
	 */
	public boolean accepts(@Nullable Instant updatedAt) {
		return this.syncPending || isNewer(updatedAt, version());
	}

	/**
	 * The time the copy stands for: its deletion, or the last data applied.
	 * @return the time, or {@code null} when no data was applied yet
	 */
	public @Nullable Instant version() {
		return latest(this.clerkUpdatedAt, this.deletedAt);
	}

	/**
	 * Records that Clerk's data was applied: its times, no tombstone, not pending.
	 * @param createdAt Clerk's {@code created_at}; {@code null} keeps the stored one
	 * @param updatedAt Clerk's {@code updated_at}
	 */
	public void applied(@Nullable Instant createdAt, @Nullable Instant updatedAt) {
		if (createdAt != null) {
			this.clerkCreatedAt = createdAt;
		}
		this.clerkUpdatedAt = updatedAt;
		this.deletedAt = null;
		this.syncPending = false;
	}

	/**
	 * Sets the tombstone.
	 * @param at when Clerk deleted the record
	 */
	public void deleted(Instant at) {
		this.deletedAt = at;
		this.syncPending = false;
	}

	/**
	 * Forgets Clerk's times and the tombstone, for a local account taken over by another
	 * Clerk record.
	 */
	public void reset() {
		this.clerkUpdatedAt = null;
		this.deletedAt = null;
	}

	/**
	 * Marks the copy pending: created from a reference, waiting for its data.
	 */
	public void pending() {
		this.syncPending = true;
	}

	/**
	 * When the record was created in Clerk.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant getClerkCreatedAt() {
		return this.clerkCreatedAt;
	}

	/**
	 * Clerk's {@code updated_at} of the data applied last.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant getClerkUpdatedAt() {
		return this.clerkUpdatedAt;
	}

	/**
	 * When Clerk deleted the record.
	 * @return the time, or {@code null} when it is not deleted
	 */
	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	/**
	 * Whether the record was deleted in Clerk.
	 * @return {@code true} when a tombstone is set
	 */
	public boolean isDeleted() {
		return this.deletedAt != null;
	}

	/**
	 * Whether the copy waits for its first full data.
	 * @return {@code true} while pending
	 */
	public boolean isSyncPending() {
		return this.syncPending;
	}

	/**
	 * The ordering rule: data is newer when nothing is stored, or when its time is after
	 * the stored one. Data without a time is never newer than stored data.
	 * @param incoming the time of the data
	 * @param stored the time the stored copy stands for
	 * @return {@code true} when the data is newer
	 */
	public static boolean isNewer(@Nullable Instant incoming, @Nullable Instant stored) {
		if (stored == null) {
			return true;
		}
		return incoming != null && incoming.isAfter(stored);
	}

	/**
	 * The later of two times.
	 * @param first a time, or {@code null}
	 * @param second another time, or {@code null}
	 * @return the later one, or {@code null} when both are
	 */
	public static @Nullable Instant latest(@Nullable Instant first, @Nullable Instant second) {
		if (first == null) {
			return second;
		}
		return (second != null && second.isAfter(first)) ? second : first;
	}

}
