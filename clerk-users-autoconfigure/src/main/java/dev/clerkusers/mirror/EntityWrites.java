package dev.clerkusers.mirror;

import jakarta.persistence.EntityManager;

import org.springframework.dao.support.DataAccessUtils;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;

/**
 * Writes the library's rows through the entity manager as a Spring Data repository's
 * {@code save}, {@code delete} and {@code flush} would, with what they throw translated
 * alike (Spring Boot's JPA dialect is Hibernate's): the library's repositories are
 * {@link ReadOnlyRepository read-only}, so that nothing writes a row past its
 * synchronizer.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API, and may change in any
 * release (see {@code docs/versioning.md}).
 */
public final class EntityWrites {

	private static final PersistenceExceptionTranslator EXCEPTION_TRANSLATOR = new HibernateJpaDialect();

	private final EntityManager entityManager;

	/**
	 * Creates the writes of an entity manager.
	 * @param entityManager the (shared) entity manager
	 */
	public EntityWrites(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	/**
	 * Saves an entity: a new one (without an id) is made persistent, any other merged. It
	 * is written with the next flush.
	 * @param <T> the entity type
	 * @param entity the entity
	 * @return the persistent entity
	 */
	public <T> T save(T entity) {
		try {
			if (this.entityManager.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(entity) == null) {
				this.entityManager.persist(entity);
				return entity;
			}
			return this.entityManager.merge(entity);
		}
		catch (RuntimeException ex) {
			throw DataAccessUtils.translateIfNecessary(ex, EXCEPTION_TRANSLATOR);
		}
	}

	/**
	 * Saves an entity and flushes.
	 * @param <T> the entity type
	 * @param entity the entity
	 * @return the persistent entity
	 */
	public <T> T saveAndFlush(T entity) {
		T saved = save(entity);
		flush();
		return saved;
	}

	/**
	 * Removes an entity read in this transaction; it is deleted with the next flush.
	 * @param entity the entity
	 */
	public void remove(Object entity) {
		try {
			this.entityManager.remove(entity);
		}
		catch (RuntimeException ex) {
			throw DataAccessUtils.translateIfNecessary(ex, EXCEPTION_TRANSLATOR);
		}
	}

	/**
	 * Writes pending changes.
	 */
	public void flush() {
		try {
			this.entityManager.flush();
		}
		catch (RuntimeException ex) {
			throw DataAccessUtils.translateIfNecessary(ex, EXCEPTION_TRANSLATOR);
		}
	}

}
