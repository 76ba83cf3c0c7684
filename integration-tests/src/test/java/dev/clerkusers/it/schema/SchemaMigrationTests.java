package dev.clerkusers.it.schema;

import java.util.List;

import dev.clerkusers.it.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(definition).contains("UNIQUE").contains("lower");
	}

}
