package dev.clerkusers.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Races made certain: one writer's transaction is held open until another writer, run
 * beside it, waits for one of its locks in PostgreSQL ({@code pg_stat_activity}), then
 * committed. The commit follows the wait within milliseconds, well inside the tests' lock
 * timeout.
 */
public final class LockWaits {

	private LockWaits() {
	}

	/**
	 * Runs {@code first} in a transaction that stays open until {@code second}, run
	 * beside it, waits for a lock; then commits it, and returns what {@code second}
	 * returned.
	 * @param <T> the type of {@code second}'s result
	 * @param transactionManager the application's transaction manager
	 * @param jdbc a template on the same database
	 * @param first the writer that wins the race
	 * @param second the writer that waits for it
	 * @return the result of {@code second}
	 * @throws Exception when either fails, or takes more than 30 seconds
	 */
	public static <T> T whileCommitting(PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
			Runnable first, Callable<T> second) throws Exception {
		return whileWaiting(transactionManager, jdbc, first, second, () -> {
		});
	}

	/**
	 * Runs {@code first} in a transaction that stays open until {@code second}, run
	 * beside it, waits for a lock; then runs {@code meanwhile} while {@code second} still
	 * waits, commits {@code first}, and returns what {@code second} returned.
	 * @param <T> the type of {@code second}'s result
	 * @param transactionManager the application's transaction manager
	 * @param jdbc a template on the same database
	 * @param first the writer that wins the race
	 * @param second the writer that waits for it
	 * @param meanwhile what runs while {@code second} waits
	 * @return the result of {@code second}
	 * @throws Exception when either fails, or takes more than 30 seconds
	 */
	public static <T> T whileWaiting(PlatformTransactionManager transactionManager, JdbcTemplate jdbc, Runnable first,
			Callable<T> second, Runnable meanwhile) throws Exception {
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		CountDownLatch written = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> firstDone = threads.submit(() -> transaction.executeWithoutResult((status) -> {
				first.run();
				written.countDown();
				try {
					commit.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
			Future<T> secondDone = threads.submit(second);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity"
						+ " where datname = current_database() and wait_event_type = 'Lock'", Long.class) > 0);
			try {
				meanwhile.run();
			}
			finally {
				commit.countDown();
			}
			firstDone.get(30, TimeUnit.SECONDS);
			return secondDone.get(30, TimeUnit.SECONDS);
		}
		finally {
			commit.countDown();
			threads.shutdownNow();
		}
	}

}
