package dev.clerkusers.mirror;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;

/**
 * A {@link QuietRollbackTransactionTemplate} whose new transactions wait for any lock, a
 * row's as well as a record's, at most the {@linkplain AdvisoryLocks#getLockTimeout()
 * lock timeout}: for the library's own transactions (a sync's), which no application code
 * shares. A row that a transaction of the application holds without the library's locks
 * (a {@code select … for update}) then fails the work on that record alone, rather than
 * holding the sync without end. A transaction it joins is left as it is.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public class BoundedWaitsTransactionTemplate extends QuietRollbackTransactionTemplate {

	private @Nullable AdvisoryLocks locks;

	/**
	 * Creates a template; its waits are bounded once {@link #setLocks} is called.
	 * @param transactionManager the transaction manager
	 */
	public BoundedWaitsTransactionTemplate(PlatformTransactionManager transactionManager) {
		super(transactionManager);
	}

	/**
	 * Sets the locks whose timeout bounds the waits.
	 * @param locks the locks
	 */
	public void setLocks(AdvisoryLocks locks) {
		this.locks = locks;
	}

	@Override
	public <T extends @Nullable Object> T execute(TransactionCallback<T> action) throws TransactionException {
		AdvisoryLocks bound = this.locks;
		if (bound == null) {
			return super.execute(action);
		}
		return super.execute((status) -> {
			if (status.isNewTransaction()) {
				bound.boundWaits();
			}
			return action.doInTransaction(status);
		});
	}

	/**
	 * Runs work in a transaction whose every wait lasts 1 ms at most
	 * ({@link AdvisoryLocks#failFast()}), when it is a new one: to try a record another
	 * writer was found holding, without waiting the lock timeout for it again. The work's
	 * writes are flushed under that bound; the commit waits the lock timeout as usual,
	 * for the locks any committing transaction holds a moment (the {@code NOTIFY}
	 * queue's).
	 * @param <T> the type of the result
	 * @param action the work
	 * @return its result
	 * @throws TransactionException when the transaction fails
	 */
	public <T extends @Nullable Object> T executeFailingFast(TransactionCallback<T> action)
			throws TransactionException {
		AdvisoryLocks bound = this.locks;
		if (bound == null) {
			return super.execute(action);
		}
		return super.execute((status) -> {
			if (!status.isNewTransaction()) {
				return action.doInTransaction(status);
			}
			bound.failFast();
			T result = action.doInTransaction(status);
			status.flush();
			bound.boundWaits();
			return result;
		});
	}

}
