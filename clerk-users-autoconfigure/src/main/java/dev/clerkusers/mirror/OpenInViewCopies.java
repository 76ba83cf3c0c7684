package dev.clerkusers.mirror;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Takes entities a cache is about to keep out of the persistence context that Spring's
 * open-in-view binds to a request's thread outside its transactions. Kept in it, a cached
 * copy would be the very object that a later write of the same request finds in that
 * persistence context and changes before it commits, so every other request would read
 * the change before it commits, or after it rolled back.
 * <p>
 * Inside a transaction nothing is detached: the transaction may go on using what it read,
 * and {@link MirrorCache} does not keep what a transaction loads.
 */
public final class OpenInViewCopies {

	private OpenInViewCopies() {
	}

	/**
	 * Detaches the entities from every persistence context bound to this thread outside a
	 * transaction; anything else (no such context, a value that is not one of its
	 * entities) is left as it is.
	 * @param entities the entities a cache is about to keep
	 */
	public static void detach(@Nullable Object... entities) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return;
		}
		for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
			if (resource instanceof EntityManagerHolder holder) {
				EntityManager entityManager = holder.getEntityManager();
				for (Object entity : entities) {
					if (entity != null && manages(entityManager, entity)) {
						entityManager.detach(entity);
					}
				}
			}
		}
	}

	private static boolean manages(EntityManager entityManager, Object entity) {
		try {
			return entityManager.contains(entity);
		}
		catch (IllegalArgumentException ex) {
			// Not an entity of this persistence unit.
			return false;
		}
	}

}
