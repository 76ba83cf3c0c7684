package dev.clerkusers.it.user;

import dev.clerkusers.it.Resources;
import dev.clerkusers.user.ClerkUserSynchronizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first sign-in racing the {@code user.created} webhook, and several deliveries racing
 * each other, in real concurrent PostgreSQL transactions: exactly one row per Clerk id,
 * holding the newest data.
 */
@PostgresIntegrationTest
class ConcurrentUpsertTests {

	private static final int THREADS = 8;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	ClerkUserRepository repository;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@RepeatedTest(5)
	void concurrentUpsertsAndFirstSignInsOfOneClerkIdEndWithOneRow() throws Exception {
		String clerkId = ClerkData.newId("user_");
		String email = clerkId + "@example.com";
		Instant base = Instant.parse("2026-05-01T00:00:00Z");
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Object>> tasks = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			int n = i;
			tasks.add(() -> {
				start.await();
				// Each task is its own transaction, as a request or a webhook delivery
				// would be.
				return this.transactions.execute((status) -> (n % 3 == 0) ? this.synchronizer.createPending(clerkId)
						: this.synchronizer.upsertFromClerk(Resources.user(ClerkData.user(clerkId)
							.email(email)
							.name("Version " + n, null)
							.updatedAt(base.plusSeconds(n))
							.toJsonNode())));
			});
		}
		List<Future<Object>> futures = new ArrayList<>();
		for (Callable<Object> task : tasks) {
			futures.add(this.executor.submit(task));
		}
		start.countDown();
		for (Future<Object> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users where clerk_id = ?", Long.class, clerkId))
			.isOne();
		assertThat(this.repository.findByClerkId(clerkId).orElseThrow().getFirstName())
			.isEqualTo("Version " + (THREADS - 1));
	}

}
