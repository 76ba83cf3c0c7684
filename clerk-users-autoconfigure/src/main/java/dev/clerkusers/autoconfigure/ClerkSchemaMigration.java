package dev.clerkusers.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import dev.clerkusers.mirror.AdvisoryLocks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Migrates one part of the library's schema with a Flyway of its own: its own scripts and
 * its own history table, so that an application's migrations and version numbers are
 * never touched. It runs when the bean is initialized; a
 * {@code DatabaseInitializerDetector} makes JPA, JDBC templates and the application's own
 * Flyway wait for it.
 * <p>
 * Instances that start together take turns, through a PostgreSQL advisory lock held on a
 * connection of its own while Flyway runs on its connections: the first migrates, the
 * others find nothing left to do.
 */
public class ClerkSchemaMigration implements InitializingBean {

	/**
	 * The bean name of the core schema's migration, which the migrations of other modules
	 * depend on.
	 */
	public static final String CORE_BEAN_NAME = "clerkSchemaMigration";

	private static final Log logger = LogFactory.getLog(ClerkSchemaMigration.class);

	private static final int LOCK_NAMESPACE = 0x436C6D67;

	private final DataSource dataSource;

	private final String historyTable;

	private final String location;

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

	@Override
	public void afterPropertiesSet() {
		migrate();
	}

	/**
	 * Applies the pending scripts, once another instance migrating the same part of the
	 * schema is done.
	 * @return how many scripts this instance applied
	 * @throws DataAccessResourceFailureException when the database cannot be reached,
	 * which a failure analysis explains at start-up, or its lock cannot be taken
	 */
	public int migrate() {
		Connection lock;
		try {
			lock = this.dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new ClerkDatabaseUnreachableException(this.historyTable, ex);
		}
		try (lock) {
			return AdvisoryLocks.exclusively(lock, lockKey(), this::migrateInTurn);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not take the lock of the migrations of " + this.historyTable, ex);
		}
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
		MigrateResult result = flyway.migrate();
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
