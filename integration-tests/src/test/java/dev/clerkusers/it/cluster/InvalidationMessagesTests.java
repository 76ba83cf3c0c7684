package dev.clerkusers.it.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.it.Resources;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.user.ClerkUserCache;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a write tells the other application instances: the evictions of the copies they
 * may hold, and nothing for rows that none can hold.
 */
@PostgresIntegrationTest
class InvalidationMessagesTests {

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	@Autowired
	ClerkUserSynchronizer synchronizer;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	PostgresCacheInvalidation invalidation;

	@Test
	void aNewUserIsAnnouncedToNoOtherInstanceForNoneCanHoldACopyOfIt() throws Exception {
		String stored = ClerkData.newId("user_");
		this.synchronizer.upsertFromClerk(user(stored, T1));
		try (Connection listener = this.dataSource.getConnection(); Statement statement = listener.createStatement()) {
			statement.execute("listen " + PostgresCacheInvalidation.CHANNEL);
			try {
				String created = ClerkData.newId("user_");

				this.synchronizer.upsertFromClerk(user(created, T1));
				this.synchronizer.upsertFromClerk(user(stored, T1.plusSeconds(60)));

				// Notifications arrive in commit order: once the update's is in, the
				// creation's would be in too.
				List<String> keys = receiveUntil(listener.unwrap(PGConnection.class), stored);
				assertThat(keys).as("the update of a stored user is announced").contains(stored);
				assertThat(keys).as("the creation of a new one is not").doesNotContain(created);
			}
			finally {
				// The connection goes back to the pool: it must not listen there.
				statement.execute("unlisten " + PostgresCacheInvalidation.CHANNEL);
			}
		}
	}

	/**
	 * A listener that could not connect when it started (the application served requests
	 * meanwhile, filling its caches while notifications were missed) empties the caches
	 * it serves once it connects, as after any lost connection.
	 */
	@Test
	void aListenerThatConnectsOnlyAfterFailedAttemptsEmptiesTheCachesItServes() {
		AtomicInteger attempts = new AtomicInteger();
		PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
				transactions(this.dataSource), () -> {
					if (attempts.incrementAndGet() == 1) {
						throw new SQLException("too many clients already", "53300");
					}
					return this.dataSource.getConnection();
				});
		AtomicInteger clears = clearsOf(invalidation);
		invalidation.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected);
			assertThat(attempts).hasValue(2);
			assertThat(clears).as("emptied on connecting, notifications having been missed before").hasValue(1);
		}
		finally {
			invalidation.stop();
		}
	}

	/**
	 * A listener whose first connection takes longer than start-up waits for it (the
	 * application serves requests meanwhile, filling its caches while notifications are
	 * missed) empties the caches it serves once it listens, as one whose first attempts
	 * failed does.
	 */
	@Test
	void aListenerThatConnectsOnlyAfterStartUpStoppedWaitingEmptiesTheCachesItServes() {
		CountDownLatch slowConnection = new CountDownLatch(1);
		PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
				transactions(this.dataSource), () -> {
					slowConnection.await();
					return this.dataSource.getConnection();
				});
		invalidation.setStartWait(Duration.ofMillis(100));
		AtomicInteger clears = clearsOf(invalidation);
		invalidation.start();
		try {
			assertThat(invalidation.isConnected()).as("start-up stopped waiting").isFalse();
			slowConnection.countDown();
			await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected);
			assertThat(clears).as("emptied on connecting, notifications having been missed before").hasValue(1);
		}
		finally {
			invalidation.stop();
		}
	}

	/**
	 * An eviction the listener could not apply (its evictor threw, an {@code Error}
	 * included) leaves no stale copy: that cache is emptied, and the listener goes on
	 * with the next notification rather than ending its thread.
	 */
	@Test
	void anEvictionThatFailsEmptiesItsCacheAndTheListenerGoesOn() throws Throwable {
		List<String> evicted = new CopyOnWriteArrayList<>();
		AtomicInteger clears = new AtomicInteger();
		PostgresCacheInvalidation other = new PostgresCacheInvalidation(this.dataSource, transactions(this.dataSource),
				direct());
		whileListening(this.dataSource, direct(), (invalidation) -> {
			invalidation.register("users", (key) -> {
				if (key.equals("user_broken")) {
					throw new AssertionError("an evictor that fails");
				}
				evicted.add(key);
			}, clears::incrementAndGet);
			listensWithoutError(invalidation);
			Instant listeningSince = invalidation.getConnectedSince();
			other.publish("users", List.of("user_broken"));
			await().atMost(Duration.ofSeconds(10)).until(() -> clears.get() > 0);
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				other.publish("users", List.of("user_next"));
				return evicted.contains("user_next");
			});
			assertThat(clears).as("that cache, once").hasValue(1);
			assertThat(invalidation.getConnectedSince()).as("on the same connection").isEqualTo(listeningSince);
			assertThat(invalidation.getLastError()).isNull();
		});
	}

	/**
	 * A listening connection that the network silently drops (a NAT or firewall forgets
	 * it, a partition cuts the path: no byte gets through, and neither end closes it) is
	 * noticed by the listener's heartbeat: the listener reports itself disconnected, and
	 * connects again, emptying its caches, once the network is back.
	 */
	@Test
	void aListeningConnectionThatTheNetworkDropsSilentlyIsNoticedAndReplaced() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		URI database = URI.create(pool.getJdbcUrl().substring("jdbc:".length()));
		try (StallingProxy proxy = StallingProxy.to(database.getHost(), database.getPort())) {
			String throughProxy = throughProxy(pool.getJdbcUrl(), database, proxy);
			PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
					transactions(this.dataSource),
					PostgresCacheInvalidation.driverManager(throughProxy, pool.getUsername(), pool.getPassword()));
			invalidation.setHeartbeatInterval(Duration.ofSeconds(1));
			AtomicInteger clears = clearsOf(invalidation);
			invalidation.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected);
				proxy.stall();
				await().atMost(Duration.ofSeconds(10)).until(() -> !invalidation.isConnected());
				assertThat(invalidation.getLastError()).isNotNull();
				proxy.resume();
				await().atMost(Duration.ofSeconds(20)).until(invalidation::isConnected);
				// At least once: a slow answer on a busy machine may cost one more
				// reconnection.
				assertThat(clears.get()).isPositive();
			}
			finally {
				invalidation.stop();
			}
		}
	}

	/**
	 * An attempt to connect on a path that takes the connection and never answers (a
	 * stalled proxy, a half-open network) ends when the driver's timeout does, and the
	 * listener tries again; it connects once the path answers.
	 */
	@Test
	void aConnectionAttemptThatIsNeverAnsweredEndsAndIsMadeAgain() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		URI database = URI.create(pool.getJdbcUrl().substring("jdbc:".length()));
		try (StallingProxy proxy = StallingProxy.to(database.getHost(), database.getPort())) {
			String throughProxy = throughProxy(pool.getJdbcUrl(), database, proxy);
			Properties properties = new Properties();
			properties.setProperty("user", pool.getUsername());
			if (pool.getPassword() != null) {
				properties.setProperty("password", pool.getPassword());
			}
			properties.setProperty("socketTimeout", "1");
			PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
					transactions(this.dataSource), PostgresCacheInvalidation.driverManager(throughProxy, properties));
			proxy.answerNothing();
			invalidation.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> invalidation.getLastError() != null);
				assertThat(invalidation.isConnected()).isFalse();
				proxy.resume();
				await().atMost(Duration.ofSeconds(20)).until(invalidation::isConnected);
			}
			finally {
				invalidation.stop();
			}
		}
	}

	/**
	 * A listening connection that hears nothing is not taken for a working one. A pooler
	 * in transaction mode between the application and PostgreSQL (PgBouncer's common
	 * setting) runs the {@code LISTEN} on a server connection that it then hands to other
	 * clients: the connection opens and answers, but no notification reaches it. Here the
	 * {@code LISTEN} is lost on the way, as it is there. The listener reports itself
	 * disconnected with the cause, and keeps trying, emptying its caches each time, as
	 * after a lost connection.
	 */
	@Test
	void aListeningConnectionThatHearsNothingIsReportedDisconnectedWithItsCause() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		Callable<Connection> connections = PostgresCacheInvalidation.driverManager(pool.getJdbcUrl(),
				pool.getUsername(), pool.getPassword());
		PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
				transactions(this.dataSource), () -> losingItsListen(connections.call()));
		invalidation.setHeartbeatInterval(Duration.ofSeconds(1));
		AtomicInteger clears = clearsOf(invalidation);
		invalidation.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> invalidation.getLastError() != null);
			assertThat(invalidation.isConnected()).isFalse();
			assertThat(invalidation.getLastError()).contains("receives no notifications")
				.contains("transaction pooling");
			await().atMost(Duration.ofSeconds(10)).until(() -> clears.get() > 0);
		}
		finally {
			invalidation.stop();
		}
	}

	/**
	 * CI on 4f7e7fce: a command that failed at once closed its application while the
	 * listener's first check held a connection of the pool, and Hikari logged that
	 * connection, closed under it, as broken, with a stack trace. The listener has ended
	 * when {@code stop()} returns, so the pool closes after it.
	 */
	@Test
	void aStoppedListenerHasEndedWhenStopReturns() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		long before = listenerThreads();
		for (int round = 0; round < 3; round++) {
			PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(this.dataSource,
					transactions(this.dataSource),
					PostgresCacheInvalidation.driverManager(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()));
			invalidation.start();
			invalidation.stop();
			assertThat(listenerThreads()).as("listener threads after stop, round " + round).isEqualTo(before);
		}
	}

	private static long listenerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().equals("clerk-cache-invalidation"))
			.count();
	}

	/**
	 * The listener checks its connection with a notification sent through the
	 * application's pool. A pool whose connection the network silently dropped never
	 * answers it: the check gives up within the heartbeat interval, and the listener,
	 * unable to tell, takes its connection at its word, rather than hanging.
	 */
	@Test
	void aCheckThatThePoolNeverAnswersHoldsTheListenerNoLongerThanTheHeartbeat() throws Throwable {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		URI database = URI.create(pool.getJdbcUrl().substring("jdbc:".length()));
		try (StallingProxy proxy = StallingProxy.to(database.getHost(), database.getPort())) {
			SingleConnectionDataSource stalledPool = new SingleConnectionDataSource(
					throughProxy(pool.getJdbcUrl(), database, proxy), pool.getUsername(), pool.getPassword(), true);
			try {
				stalledPool.getConnection().isValid(1);
				proxy.stall();
				whileListening(stalledPool, direct(),
						(invalidation) -> await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected));
			}
			finally {
				stalledPool.destroy();
			}
		}
	}

	/**
	 * A check that the pool could not send when the listener connected (no connection to
	 * spare) is sent again at the next heartbeat: a connection that hears nothing is
	 * found out all the same.
	 */
	@Test
	void aCheckThatCouldNotBeSentIsSentAgain() throws Throwable {
		AtomicInteger borrowed = new AtomicInteger();
		DataSource busyOnce = new DelegatingDataSource(this.dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				if (borrowed.incrementAndGet() == 1) {
					throw new SQLTransientConnectionException("Connection is not available, request timed out");
				}
				return super.getConnection();
			}

		};
		Callable<Connection> connections = direct();
		whileListening(busyOnce, () -> losingItsListen(connections.call()), (invalidation) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> invalidation.getLastError() != null);
			assertThat(invalidation.getLastError()).contains("receives no notifications");
		});
	}

	/**
	 * The check's bound on the pool connection's answer is the check's alone: the pool
	 * gets its connection back with the network timeout it had.
	 */
	@Test
	void thePoolGetsItsConnectionBackWithTheNetworkTimeoutItHad() throws Throwable {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		SingleConnectionDataSource single = new SingleConnectionDataSource(pool.getJdbcUrl(), pool.getUsername(),
				pool.getPassword(), true);
		try {
			assertThat(single.getConnection().getNetworkTimeout()).isZero();
			whileListening(single, direct(), (invalidation) -> {
				await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected);
				assertThat(single.getConnection().getNetworkTimeout()).isZero();
			});
		}
		finally {
			single.destroy();
		}
	}

	/**
	 * A pool that hands out connections with auto-commit off (a common Hibernate tuning)
	 * still delivers the listener's check: a notification outside a transaction of the
	 * application's is committed, else the pool would roll it back unsent.
	 */
	@Test
	void theCheckIsDeliveredThroughAPoolWithAutoCommitOff() throws Throwable {
		try (HikariDataSource pool = autoCommitOff()) {
			whileListening(pool, direct(), InvalidationMessagesTests::listensWithoutError);
		}
	}

	/**
	 * A pool other than Hikari lends the listening connection itself; with auto-commit
	 * off, its {@code LISTEN} would wait for a commit that never comes (the review of
	 * black-box run 30).
	 */
	@Test
	void aListeningConnectionLentWithAutoCommitOffListens() throws Throwable {
		try (HikariDataSource pool = autoCommitOff()) {
			whileListening(pool, pool::getConnection, InvalidationMessagesTests::listensWithoutError);
		}
	}

	/**
	 * An eviction inside the application's transaction (JPA's, here) is part of it: it
	 * reaches the other instances when the change commits, and never when it rolls back.
	 */
	@Test
	void anEvictionInsideTheApplicationsTransactionIsSentOnlyIfItCommits() throws Exception {
		String rolledBack = ClerkData.newId("user_");
		String committed = ClerkData.newId("user_");
		try (Connection listener = this.dataSource.getConnection(); Statement statement = listener.createStatement()) {
			statement.execute("listen " + PostgresCacheInvalidation.CHANNEL);
			try {
				TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
				transaction.executeWithoutResult((status) -> {
					this.invalidation.publish(ClerkUserCache.NAME, List.of(rolledBack));
					status.setRollbackOnly();
				});
				transaction.executeWithoutResult(
						(status) -> this.invalidation.publish(ClerkUserCache.NAME, List.of(committed)));

				List<String> keys = receiveUntil(listener.unwrap(PGConnection.class), committed);
				assertThat(keys).contains(committed).doesNotContain(rolledBack);
			}
			finally {
				statement.execute("unlisten " + PostgresCacheInvalidation.CHANNEL);
			}
		}
	}

	/**
	 * Black-box run 32: an eviction made inside a transaction of another database's
	 * transaction manager is not in a transaction of this database: it is sent in one of
	 * its own, also through a pool with auto-commit off, which would roll it back unsent.
	 */
	@Test
	void anEvictionInsideAnotherDatabasesTransactionIsSent() throws Exception {
		String key = ClerkData.newId("user_");
		try (HikariDataSource pool = autoCommitOff();
				Connection listener = this.dataSource.getConnection();
				Statement statement = listener.createStatement()) {
			statement.execute("listen " + PostgresCacheInvalidation.CHANNEL);
			try {
				PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(pool, transactions(pool),
						direct());
				DataSource otherDatabase = new DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(),
						pool.getPassword());
				new TransactionTemplate(new JdbcTransactionManager(otherDatabase))
					.executeWithoutResult((status) -> invalidation.publish(ClerkUserCache.NAME, List.of(key)));

				assertThat(receiveUntil(listener.unwrap(PGConnection.class), key)).contains(key);
			}
			finally {
				statement.execute("unlisten " + PostgresCacheInvalidation.CHANNEL);
			}
		}
	}

	/**
	 * A pool of the test database whose connections have auto-commit off.
	 */
	private HikariDataSource autoCommitOff() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(database.getJdbcUrl());
		pool.setUsername(database.getUsername());
		pool.setPassword(database.getPassword());
		pool.setAutoCommit(false);
		return pool;
	}

	private static void listensWithoutError(PostgresCacheInvalidation invalidation) {
		await().atMost(Duration.ofSeconds(10)).until(invalidation::isConnected);
		assertThat(invalidation.getLastError()).isNull();
	}

	private static TransactionTemplate transactions(DataSource pool) {
		return new TransactionTemplate(new JdbcTransactionManager(pool));
	}

	/**
	 * Runs a check while a listener with a 1 s heartbeat serves the given pool.
	 */
	private static void whileListening(DataSource pool, Callable<Connection> listenerConnection,
			ThrowingConsumer<PostgresCacheInvalidation> check) throws Throwable {
		PostgresCacheInvalidation invalidation = new PostgresCacheInvalidation(pool, transactions(pool),
				listenerConnection);
		invalidation.setHeartbeatInterval(Duration.ofSeconds(1));
		invalidation.start();
		try {
			check.accept(invalidation);
		}
		finally {
			invalidation.stop();
		}
	}

	/**
	 * Listening connections straight to the test database, outside its pool.
	 */
	private Callable<Connection> direct() throws SQLException {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		return PostgresCacheInvalidation.driverManager(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
	}

	/**
	 * A connection whose {@code LISTEN} statements are lost on the way: they run as
	 * {@code select 1}.
	 */
	private static Connection losingItsListen(Connection connection) {
		return (Connection) Proxy.newProxyInstance(InvalidationMessagesTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					Object result = invoke(connection, method, arguments);
					if (result instanceof Statement statement) {
						return Proxy.newProxyInstance(InvalidationMessagesTests.class.getClassLoader(),
								new Class<?>[] { Statement.class },
								(statementProxy, statementMethod,
										statementArguments) -> (statementMethod.getName().equals("execute")
												&& statementArguments.length == 1
												&& statementArguments[0] instanceof String sql
												&& sql.startsWith("listen ")) ? statement.execute("select 1")
														: invoke(statement, statementMethod, statementArguments));
					}
					return result;
				});
	}

	private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static String throughProxy(String url, URI database, StallingProxy proxy) {
		return url.replace(database.getHost() + ":" + database.getPort(), "127.0.0.1:" + proxy.port());
	}

	/**
	 * Serves a cache through the invalidation, and counts how often it is emptied.
	 */
	private static AtomicInteger clearsOf(PostgresCacheInvalidation invalidation) {
		AtomicInteger clears = new AtomicInteger();
		invalidation.register("users", (key) -> {
		}, clears::incrementAndGet);
		return clears;
	}

	private static List<String> receiveUntil(PGConnection listener, String key) throws Exception {
		List<String> keys = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!keys.contains(key) && System.nanoTime() < deadline) {
			PGNotification[] notifications = listener.getNotifications(1000);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					String payload = notification.getParameter();
					keys.add(payload.substring(payload.lastIndexOf('|') + 1));
				}
			}
		}
		return keys;
	}

	private static UserResource user(String clerkId, Instant updatedAt) {
		return Resources.user(ClerkData.user(clerkId).email(clerkId + "@example.com").updatedAt(updatedAt));
	}

}
