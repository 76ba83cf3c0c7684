package dev.clerkusers.autoconfigure;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates one part of the library's schema with a Flyway of its own: its own scripts and
 * its own history table, so that an application's migrations and version numbers are
 * never touched. It runs when the bean is initialized; a
 * {@code DatabaseInitializerDetector} makes JPA, JDBC templates and the application's own
 * Flyway wait for it.
 */
public class ClerkSchemaMigration implements InitializingBean {

	/**
	 * The bean name of the core schema's migration, which the migrations of other modules
	 * depend on.
	 */
	public static final String CORE_BEAN_NAME = "clerkSchemaMigration";

	private static final Log logger = LogFactory.getLog(ClerkSchemaMigration.class);

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
	 * Applies the pending scripts.
	 * @return how many scripts were applied
	 */
	public int migrate() {
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
