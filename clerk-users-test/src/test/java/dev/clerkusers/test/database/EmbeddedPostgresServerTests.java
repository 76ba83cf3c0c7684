package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded side is PostgreSQL 17, whatever side the run forces. That every caller
 * gets a database of its own is {@link ClerkTestDatabasesTests}' part.
 */
class EmbeddedPostgresServerTests {

	@Test
	void theEmbeddedServerIsPostgres17() throws Exception {
		TestDatabase database = EmbeddedPostgresServer.shared().createDatabase();
		assertThat(database.jdbcUrl()).contains(":" + EmbeddedPostgresServer.shared().getPort() + "/");
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("show server_version_num")) {
			rs.next();
			assertThat(rs.getInt(1) / 10000).isEqualTo(17);
		}
	}

}
