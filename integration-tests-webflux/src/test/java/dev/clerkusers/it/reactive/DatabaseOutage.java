package dev.clerkusers.it.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.sql.DataSource;

import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.test.database.TestDatabaseOutage;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * The test kit's {@link TestDatabaseOutage}, which takes the cache listener's connection
 * down with the database: closing it waits until the listener is back (it then empties
 * the caches), so that this does not happen later, in the middle of another test.
 */
final class DatabaseOutage implements AutoCloseable {

	private final TestDatabaseOutage outage;

	private final PostgresCacheInvalidation invalidation;

	private final @Nullable Instant listeningSince;

	private DatabaseOutage(TestDatabaseOutage outage, PostgresCacheInvalidation invalidation) {
		this.outage = outage;
		this.invalidation = invalidation;
		this.listeningSince = invalidation.getConnectedSince();
	}

	/**
	 * Takes a data source's database down, and the cache listener's connection with it.
	 * @param dataSource the application's data source
	 * @param invalidation the application's cache listener
	 * @return the outage, to close to end it
	 */
	static DatabaseOutage of(DataSource dataSource, PostgresCacheInvalidation invalidation) {
		DatabaseOutage outage = new DatabaseOutage(TestDatabaseOutage.of(dataSource), invalidation);
		outage.outage.begin();
		return outage;
	}

	@Override
	public void close() {
		this.outage.end();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.invalidation.isConnected()
					&& !Objects.equals(this.listeningSince, this.invalidation.getConnectedSince()));
	}

}
