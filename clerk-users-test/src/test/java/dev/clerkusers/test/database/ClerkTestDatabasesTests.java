package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkTestDatabases} follows the forced side: run with
 * {@code -Dclerk.test.database=container} (CI's container pass) every database is on the
 * JVM's one PostgreSQL container, run with {@code embedded} on the embedded server. Each
 * call is a database of its own on the same server.
 */
class ClerkTestDatabasesTests {

	@Test
	void everyDatabaseIsFreshAndOnTheOneServerOfTheForcedSide() throws Exception {
		DatabaseMode mode = DatabaseMode.fromSystem();
		TestDatabase first = ClerkTestDatabases.create();
		TestDatabase second = ClerkTestDatabases.create();
		assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
		assertThat(server(first)).isEqualTo(server(second));
		if (mode == DatabaseMode.CONTAINER) {
			assertThat(server(first)).isEqualTo(server(ContainerPostgresServer.shared().createDatabase()));
		}
		else if (mode == DatabaseMode.EMBEDDED) {
			assertThat(server(first)).endsWith(":" + EmbeddedPostgresServer.shared().getPort());
		}
		try (Connection a = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
				Connection b = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
				Statement sa = a.createStatement();
				Statement sb = b.createStatement()) {
			sa.execute("create table only_in_first (id int)");
			try (ResultSet rs = sb.executeQuery("select to_regclass('only_in_first') is null")) {
				rs.next();
				assertThat(rs.getBoolean(1)).isTrue();
			}
		}
	}

	private static String server(TestDatabase database) {
		String url = database.jdbcUrl();
		return url.substring(0, url.lastIndexOf('/'));
	}

}
