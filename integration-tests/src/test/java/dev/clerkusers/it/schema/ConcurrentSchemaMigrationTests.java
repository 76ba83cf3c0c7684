package dev.clerkusers.it.schema;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.autoconfigure.ClerkConfigurationException;
import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.it.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Instances that start together on an empty database migrate it once, each script applied
 * by one of them. Black-box run 71: one in ten failed to start, its Flyway finding the
 * history table another had just created (empty until that one's first script committed)
 * and refusing to baseline it.
 */
@PostgresIntegrationTest
class ConcurrentSchemaMigrationTests {

	private static final int INSTANCES = 4;

	private static final int ROUNDS = 20;

	private static final String HISTORY = "clerk_users_schema_history";

	private static final String LOCATION = "classpath:dev/clerkusers/schema/core";

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void instancesStartingTogetherOnAnEmptySchemaMigrateItOnce() throws Exception {
		ExecutorService starts = Executors.newFixedThreadPool(INSTANCES);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				String schema = "starting_together_" + round;
				this.jdbc.execute("create schema " + schema);
				try (HikariDataSource instances = DataSourceBuilder.derivedFrom(this.dataSource)
					.type(HikariDataSource.class)
					.url(urlOf(schema))
					.build()) {
					CyclicBarrier together = new CyclicBarrier(INSTANCES);
					List<Future<Integer>> migrations = new ArrayList<>();
					for (int instance = 0; instance < INSTANCES; instance++) {
						migrations.add(starts.submit(() -> {
							together.await();
							return new ClerkSchemaMigration(instances, "clerk_users_schema_history",
									"classpath:dev/clerkusers/schema/core")
								.migrate();
						}));
					}
					List<Integer> applied = new ArrayList<>();
					for (Future<Integer> migration : migrations) {
						applied.add(migration.get(60, TimeUnit.SECONDS));
					}
					assertThat(applied.stream().mapToInt(Integer::intValue).sum())
						.as("scripts the instances applied, round " + round)
						.isEqualTo(this.jdbc.queryForObject("select count(*) from " + schema
								+ ".clerk_users_schema_history where success and type = 'SQL'", Integer.class));
					assertThat(
							this.jdbc.queryForList(
									"select version from " + schema
											+ ".clerk_users_schema_history group by version having count(*) > 1",
									String.class))
						.as("versions applied twice")
						.isEmpty();
				}
				finally {
					this.jdbc.execute("drop schema " + schema + " cascade");
				}
			}
		}
		finally {
			starts.shutdownNow();
		}
	}

	/**
	 * Black-box run 308 (F1): with a pool of two connections the application did not
	 * start, the lock that orders the instances holding one of them while Flyway waited
	 * for a second of its own (it takes two on PostgreSQL).
	 */
	@Test
	void aPoolOfTwoConnectionsIsEnoughToMigrate() {
		inSchema("pool_of_two", (pool) -> {
			pool.setMaximumPoolSize(2);
			int applied = new ClerkSchemaMigration(pool, HISTORY, LOCATION).migrate();
			assertThat(applied).isPositive()
				.isEqualTo(this.jdbc.queryForObject(
						"select count(*) from pool_of_two." + HISTORY + " where success and type = 'SQL'",
						Integer.class));
		});
	}

	/**
	 * Flyway takes two connections at once on PostgreSQL: a pool of one is told so at
	 * once, naming the property, rather than failing when the pool gives up waiting.
	 */
	@Test
	void aPoolOfOneConnectionIsRefusedNamingItsSize() {
		inSchema("pool_of_one", (pool) -> {
			pool.setMaximumPoolSize(1);
			assertThatExceptionOfType(ClerkConfigurationException.class)
				.isThrownBy(() -> new ClerkSchemaMigration(pool, HISTORY, LOCATION).migrate())
				.withMessageContaining("at most 1 connection")
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("spring.datasource.hikari.maximum-pool-size"))
				.satisfies((ex) -> assertThat(ex.getAction()).as("what a pool of one needs of Spring Boot's Flyway")
					.contains("spring.flyway.enabled=false"));
			assertThat(this.jdbc.queryForObject(
					"select count(*) from information_schema.tables where table_schema = 'pool_of_one'", Integer.class))
				.as("tables made")
				.isZero();
		});
	}

	/**
	 * Black-box run 311 F1: a pool the library cannot see into (a proxy that unwraps to
	 * nothing) lends the lock's connection too, so that two connections were not enough,
	 * and the start failed when the pool gave up, as if the database were down. It is
	 * told what the migrations take.
	 */
	@Test
	void aPoolTooSmallForTheMigrationsIsToldWhatTheyTake() {
		inSchema("opaque_pool_of_two", (pool) -> {
			pool.setMaximumPoolSize(2);
			DataSource opaque = new DelegatingDataSource(pool) {

				@Override
				public boolean isWrapperFor(Class<?> type) {
					return false;
				}

			};
			assertThatExceptionOfType(ClerkConfigurationException.class)
				.isThrownBy(() -> new ClerkSchemaMigration(opaque, HISTORY, LOCATION).migrate())
				.withMessageContaining("3 of a DataSource");
		});
	}

	/**
	 * Review 313 F1: beside a Hikari pool built from a data source of its own (no JDBC
	 * URL) the lock's connection cannot be opened, so the pool lends it, and a pool of
	 * two then failed when it gave up, as if the database were down. It is told at once
	 * that it needs three.
	 */
	@Test
	void aHikariPoolTheLockCannotBeOpenedBesideIsToldItNeedsThree() {
		inSchema("pool_without_url", (pool) -> {
			try (HikariDataSource byDataSource = new HikariDataSource()) {
				byDataSource.setDataSource(
						new DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()));
				byDataSource.setMaximumPoolSize(2);
				byDataSource.setConnectionTimeout(2000);
				assertThatExceptionOfType(ClerkConfigurationException.class)
					.isThrownBy(() -> new ClerkSchemaMigration(byDataSource, HISTORY, LOCATION).migrate())
					.withMessageContaining("no JDBC URL")
					.withMessageContaining("a DataSource of its own")
					.satisfies((ex) -> assertThat(ex.getAction()).contains("to 3 or more"));
			}
		});
	}

	private void inSchema(String schema, Consumer<HikariDataSource> work) {
		this.jdbc.execute("create schema " + schema);
		try (HikariDataSource pool = DataSourceBuilder.derivedFrom(this.dataSource)
			.type(HikariDataSource.class)
			.url(urlOf(schema))
			.build()) {
			// A pool that cannot lend a connection fails in 2 s, not Hikari's 30.
			pool.setConnectionTimeout(2000);
			work.accept(pool);
		}
		finally {
			this.jdbc.execute("drop schema " + schema + " cascade");
		}
	}

	private String urlOf(String schema) {
		String url = this.jdbc.execute((Connection connection) -> connection.getMetaData().getURL());
		assertThat(url).isNotNull();
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

}
