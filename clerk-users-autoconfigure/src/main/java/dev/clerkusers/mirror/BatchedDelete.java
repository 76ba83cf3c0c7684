package dev.clerkusers.mirror;

import java.util.function.IntSupplier;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Deletes old rows in batches, each in a transaction of its own, so that a large backlog
 * never holds its locks, nor grows one transaction, for long; a caller's transaction
 * takes them all in. A transaction of its own commits whatever the pool's auto-commit
 * setting: a pool that hands out connections with auto-commit off rolls back what a
 * connection did outside a transaction when it gets the connection back.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class BatchedDelete {

	private BatchedDelete() {
	}

	/**
	 * Deletes batch after batch until one deletes fewer rows than the batch size, or its
	 * thread is interrupted (the application stopping: the rest waits for the next turn,
	 * here or on another instance).
	 * @param transactions the transactions of the database the rows are in
	 * @param batchSize how many rows one batch deletes at most
	 * @param batch deletes one batch, and returns how many rows it deleted
	 * @return how many rows were deleted
	 */
	public static int untilDone(TransactionOperations transactions, int batchSize, IntSupplier batch) {
		int total = 0;
		int deleted;
		do {
			Integer committed = transactions.execute((status) -> batch.getAsInt());
			deleted = (committed != null) ? committed : 0;
			total += deleted;
		}
		while (deleted == batchSize && !Thread.currentThread().isInterrupted());
		return total;
	}

}
