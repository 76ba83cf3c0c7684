package dev.clerkusers.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.env.Environment;

/**
 * A {@link DatabaseInitializerDetector} for {@link ClerkSchemaMigration}s, so that beans
 * that use the database (the JPA entity manager factory among them) are created after the
 * library's tables exist.
 * <p>
 * With {@code spring.jpa.defer-datasource-initialization=true}, Spring Boot makes every
 * database initializer wait for the entity manager factory (so that an application's
 * {@code data.sql} fills the tables Hibernate made), and the library's tables must exist
 * before that factory (an application's entity may refer to the users table): the
 * migrations are then no initializers of Boot's, and the entity manager factory depends
 * on them directly ({@link ClerkSchemaMigrationAutoConfiguration}), which every bean that
 * waits for the initializers waits for in turn.
 */
class ClerkSchemaMigrationDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	private final boolean deferred;

	ClerkSchemaMigrationDatabaseInitializerDetector(Environment environment) {
		this.deferred = environment.getProperty("spring.jpa.defer-datasource-initialization", Boolean.class, false);
	}

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
		return this.deferred ? Set.of() : Set.of(ClerkSchemaMigration.class);
	}

}
