package dev.clerkusers.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import dev.clerkusers.mirror.AdvisoryLocks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Migrates one part of the library's schema with a Flyway of its own: its own scripts and
 * its own history table, so that an application's migrations and version numbers are
 * never touched. It runs when the bean is initialized; a
 * {@code DatabaseInitializerDetector} makes JPA, JDBC templates and the application's own
 * Flyway wait for it.
 * <p>
 * Instances that start together take turns, through a PostgreSQL advisory lock held on a
 * connection of its own while Flyway runs on its connections: the first migrates, the
 * others find nothing left to do. Beside a Hikari pool the lock's connection is opened
 * outside the pool, which then needs only the two connections Flyway takes on PostgreSQL;
 * a pool too small for the migrations (one connection, or fewer than three when the pool
 * lends the lock's connection too) is refused at once, saying what they take.
 */
public class ClerkSchemaMigration implements InitializingBean {

	/**
	 * The bean name of the core schema's migration, which the migrations of other modules
	 * depend on.
	 */
	public static final String CORE_BEAN_NAME = "clerkSchemaMigration";

	private static final Log logger = LogFactory.getLog(ClerkSchemaMigration.class);

	private static final int LOCK_NAMESPACE = 0x436C6D67;

	/**
	 * The connections Flyway takes at once on PostgreSQL, with its transactional lock.
	 */
	private static final int FLYWAY_CONNECTIONS = 2;

	private static final String POOL_SIZE_PROPERTY = "spring.datasource.hikari.maximum-pool-size";

	/** The {@code application_name} of the connection holding the lock. */
	private static final String APPLICATION_NAME = "clerk-users-schema-migration";

	private final DataSource dataSource;

	private final String historyTable;

	private final String location;

	private boolean migrateOnStartup = true;

	/**
	 * Creates a migration.
	 * @param dataSource the database
	 * @param historyTable the Flyway history table of this part of the schema
	 * @param location the classpath location of its scripts, for example
	 * {@code classpath:dev/clerkusers/schema/core}
	 */
	public ClerkSchemaMigration(DataSource dataSource, String historyTable, String location) {
		this.dataSource = dataSource;
		this.historyTable = historyTable;
		this.location = location;
	}

	/**
	 * Sets whether the pending scripts are applied when the bean is initialized (default:
	 * {@code true}). Switched off, the bean applies nothing until {@link #migrate()} is
	 * called.
	 * @param migrateOnStartup whether to migrate when initialized
	 */
	public void setMigrateOnStartup(boolean migrateOnStartup) {
		this.migrateOnStartup = migrateOnStartup;
	}

	/**
	 * Whether the pending scripts are applied when the bean is initialized.
	 * @return {@code true} unless {@linkplain #setMigrateOnStartup switched off}
	 */
	public boolean isMigrateOnStartup() {
		return this.migrateOnStartup;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.migrateOnStartup) {
			logger.info("Not migrating the tables of " + this.historyTable + " on startup (switched off)");
			return;
		}
		migrate();
	}

	/**
	 * Applies the pending scripts, once another instance migrating the same part of the
	 * schema is done.
	 * @return how many scripts this instance applied
	 * @throws DataAccessResourceFailureException when the database cannot be reached,
	 * which a failure analysis explains at start-up, or its lock cannot be taken
	 * @throws ClerkConfigurationException when the pool is too small for the migrations:
	 * a Hikari pool of one connection, or of fewer than three when the lock's connection
	 * cannot be opened beside it, or a pool that lends Flyway no connection within its
	 * timeout while the database answers
	 */
	public int migrate() {
		int poolSize = HikariPools.maximumPoolSize(this.dataSource);
		if (poolSize >= 0 && poolSize < FLYWAY_CONNECTIONS) {
			throw poolTooSmall(poolSize, FLYWAY_CONNECTIONS,
					"Flyway takes " + FLYWAY_CONNECTIONS + " at once on PostgreSQL to migrate the library's tables",
					null);
		}
		try (Connection lock = lockConnection(poolSize)) {
			return AdvisoryLocks.exclusively(lock, lockKey(), this::migrateInTurn);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not take the lock of the migrations of " + this.historyTable, ex);
		}
	}

	/**
	 * Opens the connection that holds the lock while Flyway runs: beside a Hikari pool a
	 * connection of its own ({@link HikariPools#openBeside}), so that the migrations need
	 * of the pool only the connections Flyway takes; else one the pool lends, which a
	 * Hikari pool must then have room for beside Flyway's.
	 */
	private Connection lockConnection(int poolSize) {
		SQLException notBeside;
		try {
			return HikariPools.openBeside(this.dataSource, APPLICATION_NAME);
		}
		catch (SQLException ex) {
			notBeside = ex;
		}
		Connection lent;
		try {
			lent = this.dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new ClerkDatabaseUnreachableException(this.historyTable, ex);
		}
		if (poolSize >= 0 && poolSize < FLYWAY_CONNECTIONS + 1) {
			JdbcUtils.closeConnection(lent);
			throw poolTooSmall(poolSize, FLYWAY_CONNECTIONS + 1,
					"the library's migrations take " + (FLYWAY_CONNECTIONS + 1) + " of them: Flyway's "
							+ FLYWAY_CONNECTIONS + ", and the one of their lock, which could not be opened beside the"
							+ " pool (" + notBeside.getMessage() + ")",
					"give the pool a JDBC URL with its user and password (spring.datasource.url, username and"
							+ " password), so that the lock's connection is opened beside it, ");
		}
		return lent;
	}

	private ClerkConfigurationException poolTooSmall(int poolSize, int needed, String why, @Nullable String otherWay) {
		return new ClerkConfigurationException(POOL_SIZE_PROPERTY,
				"The database's connection pool lends at most " + poolSize + " connection"
						+ ((poolSize == 1) ? "" : "s") + ", and " + why,
				"Set " + POOL_SIZE_PROPERTY + " (or the maximum size of the application's own pool) to " + needed
						+ " or more, " + ((otherWay != null) ? otherWay : "")
						+ "or apply the library's scripts with the application's own migrations and set"
						+ " clerk.schema.migrate=false"
						+ ((poolSize < FLYWAY_CONNECTIONS) ? " (outside the application: Spring Boot's Flyway takes "
								+ FLYWAY_CONNECTIONS + " connections too, so set spring.flyway.enabled=false)." : "."));
	}

	/**
	 * Whether a failure is a pool that lent no connection within its timeout while the
	 * database answered: Hikari's timeout, without the connection failure it gives as its
	 * cause when the database cannot be reached.
	 */
	private static boolean isPoolExhausted(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLTransientConnectionException && cause.getCause() == null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The key of the lock that instances migrating this part of the schema take in turn:
	 * Flyway's own lock, taken once the history table exists, leaves out an empty
	 * database, where an instance that finds another's new history table refuses to
	 * baseline it.
	 */
	private long lockKey() {
		return ((long) LOCK_NAMESPACE << Integer.SIZE) | (this.historyTable.hashCode() & 0xFFFFFFFFL);
	}

	private int migrateInTurn() {
		Flyway flyway = Flyway.configure(getClass().getClassLoader())
			.dataSource(this.dataSource)
			.table(this.historyTable)
			.locations(this.location)
			// The application's own tables may already be there: start our history at
			// version 0.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
		MigrateResult result;
		try {
			result = flyway.migrate();
		}
		catch (FlywayException ex) {
			if (isPoolExhausted(ex)) {
				throw new ClerkConfigurationException("",
						"Flyway got no connection of the pool within its timeout while migrating the library's tables ("
								+ this.historyTable + "): the migrations take " + FLYWAY_CONNECTIONS
								+ " connections of a Hikari pool at once (Flyway's, on PostgreSQL), and 3 of a DataSource"
								+ " the library cannot open connections beside, which lends the one of their lock too",
						"Give the pool 3 connections or more (2 for a Hikari pool with a JDBC URL and its credentials,"
								+ " beside which the lock's connection is opened), or apply the library's scripts with the"
								+ " application's own migrations and set clerk.schema.migrate=false.",
						ex);
			}
			throw ex;
		}
		if (result.migrationsExecuted > 0) {
			logger.info("Applied " + result.migrationsExecuted + " clerk-users migration(s) to " + this.historyTable
					+ "; schema now at version " + result.targetSchemaVersion);
		}
		return result.migrationsExecuted;
	}

	/**
	 * The Flyway history table of this part of the schema.
	 * @return the table name
	 */
	public String getHistoryTable() {
		return this.historyTable;
	}

}
