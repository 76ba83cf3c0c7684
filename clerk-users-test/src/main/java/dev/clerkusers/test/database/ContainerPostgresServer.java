package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * One Testcontainers PostgreSQL per JVM, started on first use and stopped when the JVM
 * exits (or left running for the next run, with Testcontainers' reuse enabled). Every
 * caller gets a database of its own on it, as with the {@link EmbeddedPostgresServer}.
 * <p>
 * The image is {@value #DEFAULT_IMAGE} unless {@value #IMAGE_PROPERTY} (system property)
 * or {@code CLERK_TEST_DATABASE_IMAGE} (environment variable) names another, for example
 * a pinned version or one from a registry mirror.
 */
public final class ContainerPostgresServer {

	/** The image used unless another is named. */
	public static final String DEFAULT_IMAGE = "postgres:17-alpine";

	/** The system property that names another image. */
	public static final String IMAGE_PROPERTY = "clerk.test.database.image";

	private static final Log logger = LogFactory.getLog(ContainerPostgresServer.class);

	private static volatile @Nullable ContainerPostgresServer shared;

	private final PostgreSQLContainer container;

	private final AtomicInteger databases = new AtomicInteger();

	private ContainerPostgresServer(PostgreSQLContainer container) {
		this.container = container;
	}

	/**
	 * The server of this JVM, started on first call.
	 * @return the server
	 * @throws IllegalStateException when no Docker engine answers, naming the setting
	 */
	public static ContainerPostgresServer shared() {
		ContainerPostgresServer server = shared;
		if (server == null) {
			synchronized (ContainerPostgresServer.class) {
				server = shared;
				if (server == null) {
					server = start();
					shared = server;
				}
			}
		}
		return server;
	}

	/**
	 * The image the container side uses.
	 * @return the image name
	 */
	public static String image() {
		String image = System.getProperty(IMAGE_PROPERTY);
		if (image == null || image.isBlank()) {
			image = System.getenv("CLERK_TEST_DATABASE_IMAGE");
		}
		return (image == null || image.isBlank()) ? DEFAULT_IMAGE : image.trim();
	}

	private static ContainerPostgresServer start() {
		requireDocker(DockerAvailability.isAvailable());
		PostgreSQLContainer container = new PostgreSQLContainer(
				DockerImageName.parse(image()).asCompatibleSubstituteFor("postgres"))
			.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
					"-c", "max_connections=500")
			.withReuse(true);
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			throw notStarted(ex);
		}
		ContainerPostgresServer server = new ContainerPostgresServer(container);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "container-postgres-shutdown"));
		logger.info("Started a PostgreSQL container from " + image() + " on port " + container.getFirstMappedPort());
		return server;
	}

	/**
	 * Fails, naming the setting, when no Docker engine answers: before Testcontainers
	 * tries, so that the first message a user sees is this one and not Testcontainers'
	 * generic one, several causes deep.
	 * @param dockerAnswers whether a Docker engine answers
	 * @throws IllegalStateException when it does not
	 */
	static void requireDocker(boolean dockerAnswers) {
		if (!dockerAnswers) {
			throw new IllegalStateException("The test database is a PostgreSQL container (" + DatabaseMode.PROPERTY
					+ "=container, or CLERK_TEST_DATABASE=container), but no Docker engine answers. Start Docker, or set "
					+ DatabaseMode.PROPERTY + " to auto or embedded.");
		}
	}

	/**
	 * The failure of a container that Docker answered for but could not start (an image
	 * it could not pull, most often, on a machine without a registry), naming the setting
	 * and the images, rather than Testcontainers' message alone.
	 * @param failure Testcontainers' failure
	 * @return the failure to throw
	 */
	static IllegalStateException notStarted(RuntimeException failure) {
		return new IllegalStateException("The test database is a PostgreSQL container (" + DatabaseMode.PROPERTY
				+ "=container, or CLERK_TEST_DATABASE=container), and Docker answers, but the container did not start: "
				+ failure.getMessage() + ". Make its images available (" + image() + ", and "
				+ ContainerImages.RYUK_IMAGE + " unless TESTCONTAINERS_RYUK_DISABLED=true), or set "
				+ DatabaseMode.PROPERTY + " to auto (the embedded PostgreSQL when the images are not at hand) or"
				+ " embedded.", failure);
	}

	/**
	 * Creates a new, empty database on the server.
	 * @return how to connect to it
	 */
	public TestDatabase createDatabase() {
		String name = "clerk_test_" + ProcessHandle.current().pid() + "_" + this.databases.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(this.container.getJdbcUrl(),
				this.container.getUsername(), this.container.getPassword());
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		String url = "jdbc:postgresql://" + this.container.getHost() + ":" + this.container.getFirstMappedPort() + "/"
				+ name;
		return new TestDatabase(url, this.container.getUsername(), this.container.getPassword());
	}

	private void close() {
		// withReuse(true) only asks: the container is kept only where the user enabled
		// reuse (testcontainers.reuse.enable=true in ~/.testcontainers.properties).
		// Otherwise it is stopped here, because Ryuk may be disabled and would not remove
		// it.
		if (!TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
			this.container.stop();
		}
	}

}
