package dev.clerkusers.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * A {@link DatabaseInitializerDetector} for {@link ClerkSchemaMigration}s, so that beans
 * that use the database (the JPA entity manager factory among them) are created after the
 * library's tables exist.
 */
class ClerkSchemaMigrationDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	/**
	 * Ahead of Flyway's detectors (order 1), so that an application's own migrations may
	 * refer to the library's tables.
	 */
	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(ClerkSchemaMigration.class);
	}

}
