package dev.clerkusers.mirror;

import java.lang.reflect.UndeclaredThrowableException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.CallbackPreferringPlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link TransactionTemplate} that does not log a failed rollback as an error. When the
 * database restarts under a transaction, the callback fails and the rollback fails with
 * it (the connection is gone); {@code TransactionTemplate} then logs the callback's
 * failure at {@code ERROR}, with its stack trace and its SQL, before it throws the
 * rollback's. This one does the same at {@code DEBUG}: it throws what
 * {@code TransactionTemplate} throws (the rollback's failure, holding the callback's as
 * its {@linkplain TransactionSystemException#getApplicationException() application
 * exception}), so that the caller tells the outage as before, and logs what it decides (a
 * webhook delivery, one line with its event id). A rollback that fails with another
 * exception (JPA's entity manager factory closed under the transaction while the
 * application stops) is thrown as such a {@code TransactionSystemException} too, with
 * that exception as its cause.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public class QuietRollbackTransactionTemplate extends TransactionTemplate {

	private static final Log logger = LogFactory.getLog(QuietRollbackTransactionTemplate.class);

	/**
	 * Creates a template.
	 * @param transactionManager the transaction manager
	 */
	public QuietRollbackTransactionTemplate(PlatformTransactionManager transactionManager) {
		super(transactionManager);
	}

	@Override
	public <T extends @Nullable Object> T execute(TransactionCallback<T> action) throws TransactionException {
		PlatformTransactionManager transactionManager = getTransactionManager();
		if (transactionManager == null || transactionManager instanceof CallbackPreferringPlatformTransactionManager) {
			return super.execute(action);
		}
		TransactionStatus status = transactionManager.getTransaction(this);
		T result;
		try {
			result = action.doInTransaction(status);
		}
		catch (RuntimeException | Error ex) {
			rollbackOnException(transactionManager, status, ex);
			throw ex;
		}
		catch (Throwable ex) {
			rollbackOnException(transactionManager, status, ex);
			throw new UndeclaredThrowableException(ex, "TransactionCallback threw undeclared checked exception");
		}
		transactionManager.commit(status);
		return result;
	}

	/**
	 * Rolls back after the callback failed, as {@code TransactionTemplate} does, logging
	 * a rollback that fails too at {@code DEBUG}.
	 */
	private static void rollbackOnException(PlatformTransactionManager transactionManager, TransactionStatus status,
			Throwable failure) {
		try {
			transactionManager.rollback(status);
		}
		catch (TransactionSystemException ex) {
			logFailedRollback(failure);
			ex.initApplicationException(failure);
			throw ex;
		}
		catch (RuntimeException ex) {
			// A rollback that fails otherwise (JPA closed under the transaction while the
			// application stops) is a failed rollback all the same: the callback's
			// failure goes with it, for the caller to tell.
			logFailedRollback(failure);
			TransactionSystemException failedRollback = new TransactionSystemException(
					"Could not roll back the transaction: " + ex.getMessage(), ex);
			failedRollback.initApplicationException(failure);
			throw failedRollback;
		}
		catch (Error ex) {
			logFailedRollback(failure);
			throw ex;
		}
	}

	private static void logFailedRollback(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("Application exception overridden by rollback exception", failure);
		}
	}

}
