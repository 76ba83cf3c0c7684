package dev.clerkusers.it.schema;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.it.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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

	private String urlOf(String schema) {
		String url = this.jdbc.execute((Connection connection) -> connection.getMetaData().getURL());
		assertThat(url).isNotNull();
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

}
