package dev.clerkusers.mirror;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Cache invalidation across instances through PostgreSQL's {@code LISTEN}/{@code NOTIFY}.
 * <ul>
 * <li>An eviction is sent with {@code pg_notify} on the application's own connection, in
 * the transaction of the change: PostgreSQL delivers it when the change commits, and
 * never when it rolls back. An eviction outside a transaction is sent in a transaction of
 * its own.</li>
 * <li>Each instance listens on one dedicated connection, outside the pool. When it loses
 * it (a database restart), it connects again with a growing pause (0.1 s to 30 s), and
 * empties the caches it serves, since notifications may have been missed meanwhile; until
 * then the caches' time to live bounds how stale an entry can be. So it does when it
 * connects only after failed first attempts, since the application serves requests
 * meanwhile.</li>
 * <li>A connection counts as listening once it has heard a notification that the listener
 * sent through the application's connection pool. A connection that hears none within the
 * heartbeat interval (through a pooler in transaction pooling mode, which runs the
 * {@code LISTEN} on a server connection it then lends to other clients) is treated as a
 * lost one, with the cause as its {@linkplain #getLastError() last error}.</li>
 * </ul>
 */
public class PostgresCacheInvalidation implements CacheInvalidation, SmartLifecycle {

	/** The channel. */
	public static final String CHANNEL = "clerk_users_cache";

	/** The {@code application_name} of the listening connection. */
	public static final String APPLICATION_NAME = "clerk-users-cache-invalidation";

	private static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(5);

	/**
	 * The pause before the first attempt to connect again: short, since the caches are
	 * bounded only by their time to live until the listener is back (a failover's new
	 * primary answers at once).
	 */
	private static final Duration FIRST_RECONNECT_PAUSE = Duration.ofMillis(100);

	/** How long {@link #stop()} waits for the listener to end. */
	private static final int STOP_WAIT_SECONDS = 5;

	private static final Duration LONGEST_RECONNECT_PAUSE = Duration.ofSeconds(30);

	private static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

	private static final Log logger = LogFactory.getLog(PostgresCacheInvalidation.class);

	private static final String DEAF_CONNECTION = "The listening connection receives no notifications: it did not "
			+ "hear one sent through the application's connection pool within %d ms. A pooler in transaction "
			+ "pooling mode between the application and PostgreSQL (PgBouncer's pool_mode=transaction) does this: "
			+ "give the listener a direct connection, or one through session pooling, with "
			+ "clerk.cache.listener-url, or set clerk.cache.invalidation=none";

	/** Separates the cache's name from the key in a notification. */
	private static final char SEPARATOR = '|';

	/** Separates keys in the single statement that publishes them. */
	private static final char KEY_SEPARATOR = '\u001F';

	/**
	 * Tells this instance's notifications from the others': the writer evicts its own
	 * copies itself, after the commit, so its own notifications are not applied again
	 * (they would evict what a request cached since).
	 */
	private final String origin = UUID.randomUUID().toString().substring(0, 8);

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Callable<Connection> listenerConnection;

	private final Map<String, Consumer<String>> evictors = new ConcurrentHashMap<>();

	private final Map<String, Runnable> clears = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile boolean connected;

	private volatile @Nullable Instant connectedSince;

	private volatile @Nullable String lastError;

	private volatile long received;

	/** Probes sent, only by the listener's thread. */
	private long probes;

	private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

	private Duration startWait = DEFAULT_START_WAIT;

	/**
	 * Whether {@link #start()} is still waiting for the first connection, or stopped
	 * waiting before it listened (the application then serves without it).
	 */
	private final AtomicReference<StartWait> waitingStart = new AtomicReference<>(StartWait.WAITING);

	private @Nullable Thread listener;

	/**
	 * The listener's connection while it has one, for {@link #stop()} to end its wait.
	 */
	private volatile @Nullable Connection listening;

	/**
	 * Creates the invalidation.
	 * @param dataSource the application's data source, whose transactions the
	 * notifications join
	 * @param transactions the transactions of that data source, in which an eviction
	 * outside a transaction is sent
	 * @param listenerConnection opens the dedicated listening connection
	 */
	public PostgresCacheInvalidation(DataSource dataSource, TransactionOperations transactions,
			Callable<Connection> listenerConnection) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = transactions;
		this.listenerConnection = listenerConnection;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Inside a transaction of this database a failure to notify fails the change with it,
	 * so that no instance keeps a copy the change made stale. Outside one (also inside a
	 * transaction of another database), the eviction is sent in a transaction of its own
	 * (which commits whatever the pool's auto-commit setting); it already happened here,
	 * and a failure is logged: the other instances' time to live bounds how long they
	 * serve the stale copy.
	 */
	@Override
	public void publish(String cache, Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		Assert.isTrue(cache.indexOf(SEPARATOR) < 0, "A cache name must not contain '|'");
		keys.forEach((key) -> Assert.isTrue(key.indexOf(KEY_SEPARATOR) < 0,
				"A cache key must not contain the unit separator"));
		if (isInTransactionOfThisDatabase()) {
			sendEvictions(cache, keys);
			return;
		}
		try {
			this.transactions.executeWithoutResult((status) -> sendEvictions(cache, keys));
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not send a " + cache + " cache eviction to the other instances: " + ex.getMessage());
		}
	}

	/**
	 * Whether a transaction holds a connection of this data source: one of another
	 * database's transaction manager does not, and a statement here would run outside it.
	 */
	private boolean isInTransactionOfThisDatabase() {
		DataSource dataSource = this.jdbc.getDataSource();
		return TransactionSynchronizationManager.isActualTransactionActive() && dataSource != null
				&& TransactionSynchronizationManager.hasResource(dataSource);
	}

	private void sendEvictions(String cache, Collection<String> keys) {
		this.jdbc.queryForObject("""
				select count(pg_notify(?, ? || key))
				from unnest(string_to_array(?, chr(31))) as keys(key)""", Long.class, CHANNEL,
				this.origin + SEPARATOR + cache + SEPARATOR, String.join(String.valueOf(KEY_SEPARATOR), keys));
	}

	/**
	 * Sets how often the listening connection is checked, and how long the check may wait
	 * for the database's answer (default: 15 s). A connection that the network dropped
	 * silently (a NAT or a firewall forgot it; neither end closed it) answers no check:
	 * it is then replaced, as a lost connection is.
	 * @param heartbeatInterval the interval
	 */
	public void setHeartbeatInterval(Duration heartbeatInterval) {
		Assert.isTrue(heartbeatInterval.compareTo(Duration.ofMillis(100)) >= 0,
				"heartbeatInterval must be at least 100 ms");
		this.heartbeatInterval = heartbeatInterval;
	}

	/**
	 * Sets how long {@link #start()} waits for the listening connection before the
	 * application goes on to serve (default: 5 s). A listener that connects only later
	 * empties the caches it serves then, since it may have missed notifications
	 * meanwhile.
	 * @param startWait the longest wait
	 */
	public void setStartWait(Duration startWait) {
		Assert.isTrue(!startWait.isNegative(), "startWait must not be negative");
		this.startWait = startWait;
	}

	@Override
	public void register(String cache, Consumer<String> evictor, Runnable clear) {
		this.evictors.put(cache, evictor);
		this.clears.put(cache, clear);
	}

	/**
	 * Whether the listening connection is up.
	 * @return {@code true} when notifications are received
	 */
	public boolean isConnected() {
		return this.connected;
	}

	/**
	 * When the listening connection was opened last.
	 * @return the instant, or {@code null} while disconnected
	 */
	public @Nullable Instant getConnectedSince() {
		return this.connectedSince;
	}

	/**
	 * What made the listening connection fail last.
	 * @return the error, or {@code null}
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/**
	 * How many evictions the other instances sent were received since start (this
	 * instance's own, and the listeners' probes, are not counted).
	 * @return the count
	 */
	public long getReceived() {
		return this.received;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.waitingStart.set(StartWait.WAITING);
		CountDownLatch firstAttempt = new CountDownLatch(1);
		Thread thread = new Thread(() -> listen(firstAttempt), "clerk-cache-invalidation");
		thread.setDaemon(true);
		thread.start();
		this.listener = thread;
		// The application starts listening before it serves: a change made right after
		// start-up is not missed. A database that does not answer delays start-up by
		// the start wait at most; the listener then keeps trying in the background, and
		// empties the caches once it listens.
		try {
			if (!firstAttempt.await(this.startWait.toMillis(), TimeUnit.MILLISECONDS)
					&& this.waitingStart.compareAndSet(StartWait.WAITING, StartWait.GAVE_UP)) {
				logger.warn("The cache invalidation listener is not connected yet; it keeps trying");
			}
		}
		catch (InterruptedException ex) {
			this.waitingStart.compareAndSet(StartWait.WAITING, StartWait.GAVE_UP);
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops listening, and returns once the listener has ended (its connection closed, a
	 * check it was sending through the pool answered), {@value #STOP_WAIT_SECONDS} s at
	 * most: the application's pool, closed after this, never closes a connection under
	 * it.
	 */
	@Override
	public void stop() {
		Thread thread;
		synchronized (this) {
			this.running = false;
			thread = this.listener;
			this.listener = null;
		}
		if (thread == null) {
			return;
		}
		thread.interrupt();
		Connection connection = this.listening;
		if (connection != null) {
			try {
				// Ends a wait for notifications at once, which an interrupt does not.
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Could not abort the listening connection: " + ex);
			}
		}
		try {
			thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts before the web server (whose phase is {@code Integer.MAX_VALUE - 1}), so
	 * that requests are served only once the listener listens.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1024;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen(CountDownLatch firstAttempt) {
		Duration pause = FIRST_RECONNECT_PAUSE;
		// Whether notifications may have been missed: after a lost connection, and after
		// failed first attempts (the application serves requests meanwhile).
		boolean missed = false;
		while (this.running) {
			try (Connection connection = this.listenerConnection.call()) {
				this.listening = connection;
				// A LISTEN takes effect when its transaction commits: a connection lent
				// by
				// a pool with auto-commit off would never listen.
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("set application_name = '" + APPLICATION_NAME + "'");
					statement.execute("listen " + CHANNEL);
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				// Listening now: start-up need not wait for the check below. One that
				// stopped waiting served meanwhile, unheard.
				if (this.waitingStart.getAndSet(StartWait.LISTENED) == StartWait.GAVE_UP) {
					missed = true;
				}
				firstAttempt.countDown();
				// A check that waits longer than this for its answer fails, and so ends
				// a connection that the network dropped silently.
				int heartbeat = (int) this.heartbeatInterval.toMillis();
				connection.setNetworkTimeout(Runnable::run, heartbeat);
				if (missed) {
					this.clears.values().forEach(Runnable::run);
				}
				// It counts once it has heard a notification sent through the pool: a
				// pooler in transaction mode opens and answers it, and delivers it none.
				String probe = sendProbe(heartbeat);
				long probeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(heartbeat);
				// A check that could not be sent (the pool had no connection to spare) is
				// sent again at the next heartbeat; meanwhile the connection is taken at
				// its word.
				boolean checked = probe != null;
				if (!checked) {
					connected(missed);
					pause = FIRST_RECONNECT_PAUSE;
				}
				long nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(heartbeat);
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(Math.min(500, heartbeat));
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							if (notification.getParameter().equals(probe)) {
								probe = null;
								connected(missed);
								pause = FIRST_RECONNECT_PAUSE;
							}
							else {
								dispatch(notification.getParameter());
							}
						}
					}
					if (probe != null && System.nanoTime() - probeDeadline >= 0) {
						throw new SQLException(String.format(Locale.ROOT, DEAF_CONNECTION, heartbeat));
					}
					if (System.nanoTime() - nextCheck >= 0) {
						heartbeat(connection);
						if (!checked) {
							probe = sendProbe(heartbeat);
							probeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(heartbeat);
							checked = probe != null;
						}
						nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(heartbeat);
					}
				}
			}
			catch (Exception | Error ex) {
				this.listening = null;
				// An Error as well: a listener that ended would leave every copy to its
				// time to live, while it still said it listened.
				this.connected = false;
				this.connectedSince = null;
				missed = true;
				if (!this.running) {
					return;
				}
				this.lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
				firstAttempt.countDown();
				logger.warn("The cache invalidation listener is not listening (" + this.lastError
						+ "); connecting again in " + pause.toMillis() + " ms");
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				pause = pause.multipliedBy(2).compareTo(LONGEST_RECONNECT_PAUSE) > 0 ? LONGEST_RECONNECT_PAUSE
						: pause.multipliedBy(2);
			}
		}
		this.listening = null;
		this.connected = false;
	}

	private void connected(boolean missed) {
		if (this.connected) {
			return;
		}
		this.connected = true;
		this.connectedSince = Instant.now();
		if (missed) {
			logger.info("Listening for cache evictions again; the caches were emptied");
		}
	}

	/**
	 * Sends a notification that only this instance's listener takes for its own, through
	 * the application's connection pool: a notification that reaches the pool's database
	 * reaches every listening connection.
	 * @param timeoutMillis how long the database's answer is waited for
	 * @return the notification's payload, or {@code null} when it could not be sent (the
	 * listener is then taken at its word)
	 */
	private @Nullable String sendProbe(int timeoutMillis) {
		// No cache name: the other instances ignore it.
		String probe = this.origin + SEPARATOR + SEPARATOR + (++this.probes);
		try {
			this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> {
				// A pooled connection that the network dropped silently would hold the
				// listener for good: its answer is waited for as long as the heartbeat,
				// and the pool gets the connection back with its own timeout.
				int networkTimeout = connection.getNetworkTimeout();
				connection.setNetworkTimeout(Runnable::run, timeoutMillis);
				try (PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
					statement.setString(1, CHANNEL);
					statement.setString(2, probe);
					statement.execute();
					// A pool with auto-commit off would roll it back, unsent. Committed
					// here, not by a transaction manager as an eviction is, so that the
					// commit's wait is bounded by the network timeout too.
					if (!connection.getAutoCommit()) {
						connection.commit();
					}
				}
				finally {
					connection.setNetworkTimeout(Runnable::run, networkTimeout);
				}
				return true;
			});
			return probe;
		}
		catch (DataAccessException ex) {
			logger
				.debug("Could not check that the cache invalidation listener hears notifications: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Checks that the listening connection still reaches the database: waiting for
	 * notifications never notices a connection that the network dropped without closing
	 * it.
	 */
	private static void heartbeat(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("select 1");
		}
	}

	private void dispatch(String payload) {
		int originEnd = payload.indexOf(SEPARATOR);
		int cacheEnd = (originEnd < 0) ? -1 : payload.indexOf(SEPARATOR, originEnd + 1);
		if (cacheEnd == originEnd + 1) {
			// Another instance's probe
			return;
		}
		if (cacheEnd < 0 || payload.substring(0, originEnd).equals(this.origin)) {
			// Not of this library's form, or this instance's own: its write evicted
			// locally already.
			return;
		}
		this.received++;
		String cache = payload.substring(originEnd + 1, cacheEnd);
		Consumer<String> evictor = this.evictors.get(cache);
		if (evictor != null) {
			try {
				evictor.accept(payload.substring(cacheEnd + 1));
			}
			catch (RuntimeException | Error ex) {
				// The copy may still be there: the whole cache goes instead. A clear that
				// fails too ends the connection, and the reconnection empties them all.
				logger.warn("Could not apply a " + cache + " cache eviction, emptying the cache: " + ex);
				Runnable clear = this.clears.get(cache);
				if (clear != null) {
					clear.run();
				}
			}
		}
	}

	/**
	 * Where start-up's wait for the first connection stands.
	 */
	private enum StartWait {

		/** {@link #start()} waits for the first connection, or has not run yet. */
		WAITING,

		/** {@link #start()} stopped waiting before the listener listened. */
		GAVE_UP,

		/** The listener listened. */
		LISTENED

	}

	/**
	 * Opens listening connections of a JDBC URL with a user and password, outside any
	 * pool. Opening one waits for the database no longer than the default heartbeat
	 * interval (see {@link #driverManager(String, Properties)}).
	 * @param url the JDBC URL
	 * @param username the user
	 * @param password the password
	 * @return the connection factory
	 */
	public static Callable<Connection> driverManager(String url, @Nullable String username, @Nullable String password) {
		Properties properties = new Properties();
		if (username != null) {
			properties.setProperty("user", username);
		}
		if (password != null) {
			properties.setProperty("password", password);
		}
		return driverManager(url, properties);
	}

	/**
	 * Opens listening connections of a JDBC URL with driver properties (the user and
	 * password among them), outside any pool. Unless the properties or the URL set them,
	 * the driver's {@code connectTimeout} and {@code socketTimeout} are those of the
	 * default heartbeat interval (15 s): an attempt on a path that takes the connection
	 * and never answers (a half-open network, a stalled proxy) fails, and the listener
	 * tries again, rather than waiting for ever.
	 * @param url the JDBC URL
	 * @param properties the driver properties, copied
	 * @return the connection factory
	 */
	public static Callable<Connection> driverManager(String url, Properties properties) {
		Properties copy = new Properties();
		copy.putAll(properties);
		String timeout = String.valueOf(DEFAULT_HEARTBEAT_INTERVAL.toSeconds());
		copy.putIfAbsent("connectTimeout", timeout);
		copy.putIfAbsent("socketTimeout", timeout);
		return () -> DriverManager.getConnection(url, copy);
	}

}
