package dev.clerkusers.mirror;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link QuietRollbackTransactionTemplate} ends every transaction as
 * {@code TransactionTemplate} does, and throws what it throws.
 */
class QuietRollbackTransactionTemplateTests {

	private final Manager manager = new Manager();

	private final QuietRollbackTransactionTemplate template = new QuietRollbackTransactionTemplate(this.manager);

	@Test
	void aCallbackThatSucceedsIsCommitted() {
		String result = this.template.execute((status) -> "done");
		assertThat(result).isEqualTo("done");
		assertThat(this.manager.calls).containsExactly("begin", "commit");
	}

	@Test
	void aCallbackThatFailsIsRolledBackAndItsFailureThrown() {
		DataAccessResourceFailureException failure = new DataAccessResourceFailureException("connection lost");
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.template.execute((status) -> {
				throw failure;
			}))
			.isSameAs(failure);
		assertThat(this.manager.calls).containsExactly("begin", "rollback");
	}

	/**
	 * The connection is gone: the rollback fails too, and its failure is thrown with the
	 * callback's in it, as {@code TransactionTemplate} throws it, so that callers tell
	 * the outage by it.
	 */
	@Test
	void aRollbackThatFailsTooIsThrownHoldingTheCallbacksFailure() {
		this.manager.rollbackFails = true;
		DataAccessResourceFailureException failure = new DataAccessResourceFailureException("connection lost");
		assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> this.template.execute((status) -> {
			throw failure;
		})).satisfies((ex) -> assertThat(ex.getApplicationException()).isSameAs(failure));
		assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
	}

	/**
	 * The application is stopping: JPA's entity manager factory is closed under the
	 * transaction, and its rollback fails with an {@code IllegalStateException}. That
	 * failure is thrown as a failed rollback too, holding the callback's, so that callers
	 * tell the callback's outage, not an unexplained {@code IllegalStateException}
	 * (black-box run 31: the delivery was logged "kept as failed").
	 */
	@Test
	void aRollbackThatFailsWithAnyExceptionIsThrownAsAFailedRollbackHoldingTheCallbacksFailure() {
		this.manager.rollbackFailure = new IllegalStateException("EntityManagerFactory is closed");
		DataAccessResourceFailureException failure = new DataAccessResourceFailureException("connection lost");
		assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> this.template.execute((status) -> {
			throw failure;
		}))
			.satisfies((ex) -> assertThat(ex.getApplicationException()).isSameAs(failure))
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
	}

	/**
	 * A handler written in a language without checked exceptions can throw one: the
	 * transaction is rolled back all the same, not left bound to the thread.
	 */
	@Test
	void aCheckedExceptionThrownAnywayIsRolledBackAndThrownUndeclared() {
		assertThatExceptionOfType(UndeclaredThrowableException.class)
			.isThrownBy(() -> this.template.execute((status) -> sneakyThrow(new IOException("disk"))))
			.withCauseInstanceOf(IOException.class);
		assertThat(this.manager.calls).containsExactly("begin", "rollback");
		assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> Object sneakyThrow(Throwable failure) throws E {
		throw (E) failure;
	}

	/**
	 * A transaction manager that records what it is asked, and whose rollback can fail.
	 */
	static class Manager extends AbstractPlatformTransactionManager {

		final List<String> calls = new CopyOnWriteArrayList<>();

		volatile boolean rollbackFails;

		volatile @Nullable RuntimeException rollbackFailure;

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.calls.add("begin");
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.calls.add("commit");
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.calls.add("rollback");
			if (this.rollbackFails) {
				throw new TransactionSystemException("the connection is gone");
			}
			if (this.rollbackFailure != null) {
				throw this.rollbackFailure;
			}
		}

	}

}
