package dev.clerkusers.test.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded side is PostgreSQL 17, whatever side the run forces, and a server starts
 * from a copy of the data directory the first one kept, not from {@code initdb}. That
 * every caller gets a database of its own is {@link ClerkTestDatabasesTests}' part.
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

	@Test
	void theFirstServerKeepsItsDataDirectoryAndTheNextStartsFromAFreshCopyOfIt(@TempDir Path root) throws Exception {
		DataDirectoryTemplate template = new DataDirectoryTemplate(root.resolve("template"), root);
		EmbeddedPostgresServer first = EmbeddedPostgresServer.start(template);
		try {
			assertThat(first.isFromTemplate()).isFalse();
			execute(first, "create table written_by_the_first (id int)");
		}
		finally {
			first.close();
		}
		assertThat(root.resolve("template/PG_VERSION")).hasContent("17");

		EmbeddedPostgresServer next = EmbeddedPostgresServer.start(template);
		try {
			assertThat(next.isFromTemplate()).isTrue();
			assertThat(query(next, "select count(*) from pg_tables where tablename = 'written_by_the_first'"))
				.as("the template is the cluster as initdb left it")
				.isZero();
		}
		finally {
			next.close();
		}
		try (var left = Files.list(root)) {
			assertThat(left).as("the copy is removed with its server").containsExactly(root.resolve("template"));
		}
	}

	@Test
	void aDamagedTemplateIsReplacedAndTheServerStillStarts(@TempDir Path root) throws Exception {
		// What is left of a template whose writing was cut short: no configuration.
		Files.createDirectories(root.resolve("template"));
		Files.writeString(root.resolve("template/PG_VERSION"), "17\n");
		DataDirectoryTemplate template = new DataDirectoryTemplate(root.resolve("template"), root);

		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(template);
		try {
			assertThat(server.isFromTemplate()).isFalse();
			assertThat(query(server, "select 1")).isOne();
		}
		finally {
			server.close();
		}
		assertThat(root.resolve("template/postgresql.conf")).as("written again").exists();
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
		try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection connect(EmbeddedPostgresServer server) throws Exception {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres",
				"");
	}

	private static long query(EmbeddedPostgresServer server, String sql) throws Exception {
		try (Connection connection = DriverManager
			.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
