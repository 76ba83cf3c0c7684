package dev.clerkusers.sync;

import java.util.Objects;

import dev.clerkusers.api.UserListQuery;
import org.jspecify.annotations.Nullable;

/**
 * How to run a sync: start from {@link #all()} and change what differs with the
 * {@code with…} methods, for example
 * {@code SyncOptions.all().withReconcile(true).withDryRun(true)}. Immutable; each method
 * returns a new instance, checked as it is made.
 */
public final class SyncOptions {

	/** Largest page Clerk returns. */
	public static final int MAX_PAGE_SIZE = UserListQuery.MAX_LIMIT;

	private final boolean dryRun;

	private final boolean reconcile;

	private final int pageSize;

	private final int offset;

	private final @Nullable Integer limit;

	private final boolean force;

	private SyncOptions(boolean dryRun, boolean reconcile, int pageSize, int offset, @Nullable Integer limit,
			boolean force) {
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new IllegalArgumentException(
					"The page size must be between 1 and " + MAX_PAGE_SIZE + ", not " + pageSize);
		}
		if (offset < 0) {
			throw new IllegalArgumentException("The offset must not be negative, not " + offset);
		}
		if (limit != null && limit < 1) {
			throw new IllegalArgumentException("The limit must be positive, not " + limit);
		}
		if (reconcile && (offset > 0 || limit != null)) {
			throw new IllegalArgumentException("Reconciliation needs a full sync: leave out the limit and the offset");
		}
		this.dryRun = dryRun;
		this.reconcile = reconcile;
		this.pageSize = pageSize;
		this.offset = offset;
		this.limit = limit;
		this.force = force;
	}

	/**
	 * Every page, pages of 500, no reconciliation.
	 * @return the options
	 */
	public static SyncOptions all() {
		return new SyncOptions(false, false, MAX_PAGE_SIZE, 0, null, false);
	}

	/**
	 * A copy that is a dry run or not.
	 * @param dryRun whether to change nothing
	 * @return the options
	 */
	public SyncOptions withDryRun(boolean dryRun) {
		return new SyncOptions(dryRun, this.reconcile, this.pageSize, this.offset, this.limit, this.force);
	}

	/**
	 * A copy that reconciles or not.
	 * @param reconcile whether to deactivate what Clerk no longer has
	 * @return the options
	 * @throws IllegalArgumentException when reconciling with a window (an offset or a
	 * limit): reconciliation needs a full sync
	 */
	public SyncOptions withReconcile(boolean reconcile) {
		return new SyncOptions(this.dryRun, reconcile, this.pageSize, this.offset, this.limit, this.force);
	}

	/**
	 * A copy that goes past the guards or not.
	 * @param force whether to reconcile past the guards and accept a key of another
	 * instance
	 * @return the options
	 */
	public SyncOptions withForce(boolean force) {
		return new SyncOptions(this.dryRun, this.reconcile, this.pageSize, this.offset, this.limit, force);
	}

	/**
	 * A copy with a window.
	 * @param offset how many to skip
	 * @param limit how many at most, or {@code null} for all
	 * @return the options
	 * @throws IllegalArgumentException when the offset is negative, the limit under 1, or
	 * a window is asked of a reconciling sync
	 */
	public SyncOptions withWindow(int offset, @Nullable Integer limit) {
		return new SyncOptions(this.dryRun, this.reconcile, this.pageSize, offset, limit, this.force);
	}

	/**
	 * A copy with another page size.
	 * @param pageSize 1 to 500
	 * @return the options
	 * @throws IllegalArgumentException when the page size is out of that range
	 */
	public SyncOptions withPageSize(int pageSize) {
		return new SyncOptions(this.dryRun, this.reconcile, pageSize, this.offset, this.limit, this.force);
	}

	/**
	 * Whether to compute what would change and change nothing.
	 * @return whether this is a dry run
	 */
	public boolean dryRun() {
		return this.dryRun;
	}

	/**
	 * Whether to deactivate local rows that Clerk no longer has (needs a full sync: no
	 * limit, no offset).
	 * @return whether to reconcile
	 */
	public boolean reconcile() {
		return this.reconcile;
	}

	/**
	 * How many objects to ask Clerk for per page.
	 * @return 1 to 500
	 */
	public int pageSize() {
		return this.pageSize;
	}

	/**
	 * How many objects to skip.
	 * @return the offset
	 */
	public int offset() {
		return this.offset;
	}

	/**
	 * How many objects to sync at most.
	 * @return the limit, or {@code null} for all
	 */
	public @Nullable Integer limit() {
		return this.limit;
	}

	/**
	 * Whether to reconcile past the guards: an empty listing, more deactivations than
	 * {@code clerk.sync.reconcile-max-fraction} allows, a secret key of another Clerk
	 * instance than the stored data's.
	 * @return whether to go past the guards
	 */
	public boolean force() {
		return this.force;
	}

	/**
	 * The size of the next page, given what is left of the limit.
	 * @param synced how many objects were listed so far
	 * @return the page size, 0 when the limit is reached
	 */
	public int nextPageSize(long synced) {
		if (this.limit == null) {
			return this.pageSize;
		}
		return (int) Math.max(0, Math.min(this.pageSize, this.limit - synced));
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SyncOptions that) && this.dryRun == that.dryRun && this.reconcile == that.reconcile
				&& this.pageSize == that.pageSize && this.offset == that.offset
				&& Objects.equals(this.limit, that.limit) && this.force == that.force;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.dryRun, this.reconcile, this.pageSize, this.offset, this.limit, this.force);
	}

	@Override
	public String toString() {
		return "SyncOptions[dryRun=" + this.dryRun + ", reconcile=" + this.reconcile + ", pageSize=" + this.pageSize
				+ ", offset=" + this.offset + ", limit=" + this.limit + ", force=" + this.force + "]";
	}

}
