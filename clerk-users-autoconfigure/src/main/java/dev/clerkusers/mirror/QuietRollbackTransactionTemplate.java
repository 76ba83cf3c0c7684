package dev.clerkusers.mirror;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.CallbackPreferringPlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link TransactionTemplate} whose callback's failure is never overridden by a failed
 * rollback. When the database restarts under a transaction, the callback fails and the
 * rollback fails with it (the connection is gone); {@code TransactionTemplate} then logs
 * the callback's failure at {@code ERROR}, with its stack trace and SQL, and throws the
 * rollback's. This one throws the callback's failure with the rollback's
 * {@linkplain Throwable#addSuppressed suppressed} in it, and logs it at {@code DEBUG}
 * only: the caller tells an outage from bad data by the callback's failure, and logs what
 * it decides (a webhook delivery, one line with its event id).
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
			rollback(transactionManager, status, ex);
			throw ex;
		}
		transactionManager.commit(status);
		return result;
	}

	private static void rollback(PlatformTransactionManager transactionManager, TransactionStatus status,
			Throwable failure) {
		try {
			transactionManager.rollback(status);
		}
		catch (RuntimeException | Error ex) {
			failure.addSuppressed(ex);
			if (logger.isDebugEnabled()) {
				logger.debug("Rolling back after " + failure.getClass().getSimpleName() + " failed too", ex);
			}
		}
	}

}
