package dev.clerkusers.it.schema;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import dev.clerkusers.it.PostgresIntegrationTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The library's Flyway and the application's own Flyway, each with its own V1, V2…, run
 * side by side on one database. The test application has its own migrations in
 * {@code db/migration} (V1 creates a table, V2 adds a foreign key to
 * {@code clerk_users}); it configures nothing about Flyway.
 */
@PostgresIntegrationTest
class SchemaMigrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void theLibraryKeepsItsOwnHistory() {
		List<String> versions = this.jdbc.queryForList(
				"select version from clerk_users_schema_history where success order by installed_rank", String.class);
		assertThat(versions).contains("1");
		assertThat(this.jdbc.queryForList("select script from clerk_users_schema_history where version = '1'",
				String.class))
			.containsExactly("V1__clerk_users.sql");
	}

	@Test
	void theApplicationsMigrationsRunUnchangedWithTheirOwnVersionNumbers() {
		List<String> scripts = this.jdbc.queryForList(
				"select script from flyway_schema_history where success and type = 'SQL' order by installed_rank",
				String.class);
		assertThat(scripts).containsExactly("V1__create_orders.sql", "V2__link_orders_to_users.sql");
		assertThat(this.jdbc.queryForList("select script from flyway_schema_history", String.class))
			.noneMatch((script) -> script.contains("clerk_users"));
	}

	@Test
	void theApplicationsMigrationsMayReferToTheLibrarysTables() {
		Integer foreignKeys = this.jdbc.queryForObject("""
				select count(*) from information_schema.table_constraints tc
				join information_schema.constraint_column_usage ccu on tc.constraint_name = ccu.constraint_name
				where tc.table_name = 'app_orders' and tc.constraint_type = 'FOREIGN KEY'
				  and ccu.table_name = 'clerk_users'
				""", Integer.class);
		assertThat(foreignKeys).isOne();
	}

	@Test
	void emailUniquenessIgnoresCaseInTheSchemaItself() {
		String definition = this.jdbc
			.queryForObject("select indexdef from pg_indexes where indexname = 'clerk_users_email_key'", String.class);
		assertThat(definition).contains("UNIQUE").contains("lower").contains("COLLATE \"C\"");
	}

	/**
	 * Review of V8: under a Turkish or Azeri locale the former index, on
	 * {@code lower(email)}, told {@code IAN@…} from {@code ian@…}, which the new one,
	 * ASCII letters alone folded, does not. Such rows stop the migration with a message
	 * that says what to do, not a bare unique violation. (Dropping the former index
	 * stands in for that locale.)
	 */
	@Test
	void emailsTheNewIndexWouldTakeForOneStopItsMigrationWithAMessageSayingWhatToDo() {
		FluentConfiguration library = Flyway.configure()
			.dataSource(this.dataSource)
			.schemas("v8_check")
			.locations("classpath:dev/clerkusers/schema/core")
			.table("clerk_users_schema_history");
		try {
			library.target("7").load().migrate();
			this.jdbc.execute("drop index v8_check.clerk_users_email_key");
			this.jdbc.update("insert into v8_check.clerk_users (id, uid, email, created_at, updated_at) values"
					+ " (1, gen_random_uuid(), 'IAN@example.com', now(), now()),"
					+ " (2, gen_random_uuid(), 'ian@example.com', now(), now())");
			assertThatExceptionOfType(FlywayException.class)
				.isThrownBy(() -> library.target(MigrationVersion.LATEST).load().migrate())
				.withMessageContaining("clerk_users holds emails that differ only in the case of their ASCII letters")
				.withMessageContaining("then change or clear all but one of each");
		}
		finally {
			this.jdbc.execute("drop schema v8_check cascade");
		}
	}

	/**
	 * Review 43: an instance still running the former version reads a user and then
	 * writes it (every upsert does) while V8 runs, in a rolling deploy. Building the new
	 * index before dropping the former one held the build's lock, which stops writes,
	 * while waiting for the drop's exclusive lock, which waits for the reader: one of the
	 * two failed with a deadlock. V8 takes the exclusive lock first; the write goes
	 * through and V8 waits for its commit.
	 */
	@Test
	void anInstanceThatReadsThenWritesAUserWhileV8RunsLosesNeitherItsWriteNorTheMigration() throws Exception {
		FluentConfiguration library = Flyway.configure()
			.dataSource(this.dataSource)
			.schemas("v8_rw")
			.locations("classpath:dev/clerkusers/schema/core")
			.table("clerk_users_schema_history");
		ExecutorService migration = Executors.newSingleThreadExecutor();
		try (Connection writer = this.dataSource.getConnection()) {
			library.target("7").load().migrate();
			this.jdbc.update("insert into v8_rw.clerk_users (id, uid, email, created_at, updated_at)"
					+ " values (1, gen_random_uuid(), 'ada@example.com', now(), now())");
			writer.setAutoCommit(false);
			try (Statement read = writer.createStatement()) {
				read.executeQuery("select email from v8_rw.clerk_users where id = 1").close();
			}
			Future<?> migrated = migration.submit(() -> library.target(MigrationVersion.LATEST).load().migrate());
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> this.jdbc.queryForObject("select count(*) from pg_locks"
						+ " where relation = 'v8_rw.clerk_users'::regclass and not granted", Long.class) > 0);
			try (Statement write = writer.createStatement()) {
				assertThat(write.executeUpdate("update v8_rw.clerk_users set last_login = now() where id = 1")).isOne();
			}
			writer.commit();
			migrated.get(30, TimeUnit.SECONDS);
			assertThat(this.jdbc.queryForObject("select last_login is not null from v8_rw.clerk_users where id = 1",
					Boolean.class))
				.isTrue();
			assertThat(this.jdbc.queryForObject(
					"select indexdef from pg_indexes where schemaname = 'v8_rw' and indexname = 'clerk_users_email_key'",
					String.class))
				.contains("UNIQUE")
				.contains("COLLATE \"C\"");
		}
		finally {
			migration.shutdownNow();
			this.jdbc.execute("drop schema v8_rw cascade");
		}
	}

}
