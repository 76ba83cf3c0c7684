package dev.clerkusers.slice;

import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application's JDBC code tested in a {@code @JdbcTest} slice, which has no JPA: the
 * library's tables, the organizations module's included, are migrated all the same,
 * before the application's own scripts, which may refer to them.
 */
@JdbcTest(properties = "spring.flyway.locations=classpath:db/slice")
@ClerkTestDatabase
class JdbcSliceTests {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theApplicationsScriptsReferToTheUsersTable() {
		Long id = this.jdbc.queryForObject(
				"""
						insert into clerk_users (id, uid, clerk_id, email, created_at, updated_at)
						values (nextval('clerk_users_id_seq'), gen_random_uuid(), 'user_ada', 'ada@example.com', now(), now()) returning id""",
				Long.class);
		this.jdbc.update("insert into slice_notes (author_id, text) values (?, 'first')", id);
		assertThat(this.jdbc.queryForList("select text from slice_notes where author_id = ?", String.class, id))
			.containsExactly("first");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.update("insert into slice_notes (author_id, text) values (-1, 'nobody''s')"));
	}

	@Test
	void theOrganizationsTablesAreMigratedToo() {
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_organizations", Long.class)).isZero();
	}

}
