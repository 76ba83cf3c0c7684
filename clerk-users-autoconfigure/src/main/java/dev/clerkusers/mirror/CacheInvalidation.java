package dev.clerkusers.mirror;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Carries cache evictions to the other instances that share the database. A change evicts
 * its entries on the instance that made it; it is published here in the same transaction,
 * so that a change rolled back notifies nobody, and every instance evicts the same
 * entries when the change commits.
 */
public interface CacheInvalidation {

	/**
	 * Publishes evictions, in the current transaction if there is one.
	 * @param cache the cache's name, for example {@code users}
	 * @param keys the evicted keys
	 */
	void publish(String cache, Collection<String> keys);

	/**
	 * Registers what an instance does when another reports an eviction.
	 * @param cache the cache's name
	 * @param evictor evicts a key locally, without publishing it again
	 * @param clear empties the cache locally, when evictions may have been missed
	 */
	void register(String cache, Consumer<String> evictor, Runnable clear);

}
