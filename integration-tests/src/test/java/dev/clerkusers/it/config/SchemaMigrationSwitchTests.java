package dev.clerkusers.it.config;

import dev.clerkusers.autoconfigure.ClerkSchemaMigration;
import dev.clerkusers.it.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code clerk.schema.migrate=false} the library leaves the schema alone.
 */
@PostgresIntegrationTest
@TestPropertySource(properties = { "clerk.schema.migrate=false", "spring.flyway.enabled=false",
		"spring.jpa.hibernate.ddl-auto=none" })
class SchemaMigrationSwitchTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void noMigrationRunsAndNoTableIsCreated() {
		assertThat(this.context.getBeansOfType(ClerkSchemaMigration.class)).isEmpty();
		assertThat(this.jdbc.queryForObject("select to_regclass('clerk_users') is null", Boolean.class)).isTrue();
		assertThat(this.jdbc.queryForObject("select to_regclass('clerk_users_schema_history') is null", Boolean.class))
			.isTrue();
	}

}
