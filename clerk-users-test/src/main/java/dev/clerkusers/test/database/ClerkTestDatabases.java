package dev.clerkusers.test.database;

import org.springframework.core.env.Environment;

/**
 * Creates test databases on the side {@link DatabaseMode} chooses: a database of its own
 * on the JVM's shared PostgreSQL container, or on the JVM's embedded PostgreSQL. The one
 * factory every test of this kit uses, so that forcing a side forces it everywhere.
 */
public final class ClerkTestDatabases {

	private ClerkTestDatabases() {
	}

	/**
	 * A new database, on the side the system property or environment variable chooses.
	 * @return how to connect to it
	 */
	public static TestDatabase create() {
		return create(DatabaseMode.fromSystem());
	}

	/**
	 * A new database, on the side an application's environment chooses (test properties
	 * included).
	 * @param environment the environment
	 * @return how to connect to it
	 */
	public static TestDatabase create(Environment environment) {
		return create(DatabaseMode.from(environment));
	}

	/**
	 * A new database, on a side.
	 * @param mode the side
	 * @return how to connect to it
	 */
	public static TestDatabase create(DatabaseMode mode) {
		return mode.usesContainer() ? ContainerPostgresServer.shared().createDatabase()
				: EmbeddedPostgresServer.shared().createDatabase();
	}

}
