package dev.clerkusers.mirror;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An in-memory cache of local copies of Clerk records, by key.
 * <ul>
 * <li>Reads load through the cache: a load that an eviction overlaps is not kept, so a
 * copy read before a change committed is never kept after it. Nor is a load in a
 * persistence context that outlives it (a transaction, or the one open-in-view keeps open
 * for a request): it may answer with an object it read earlier, older than a change
 * committed since, and the same transaction's or request's writes change that very object
 * before they commit.</li>
 * <li>An eviction takes effect at once and again when the current transaction completes,
 * as Spring's {@code TransactionAwareCacheDecorator} defers its evictions: a reader
 * between the two cannot keep the old copy.</li>
 * <li>A cache whose copies carry copies of this one's follows it as a
 * {@linkplain #addDependent dependent}: every eviction here is one there too.</li>
 * <li>Caches fail open: a failure of the cache itself is a miss, never an outage.</li>
 * </ul>
 *
 * @param <V> the kind of copy
 */
public class MirrorCache<V> {

	private static final Log logger = LogFactory.getLog(MirrorCache.class);

	private final String name;

	private final Cache<String, V> cache;

	private volatile @Nullable CacheInvalidation invalidation;

	/** Counts evictions, so that a load can tell whether one overlapped it. */
	private final AtomicLong evictions = new AtomicLong();

	/** The caches that follow this one's evictions. */
	private final List<Dependent> dependents = new CopyOnWriteArrayList<>();

	/**
	 * Whether copies are kept: not with a maximum size of 0, which Caffeine would honour
	 * only once its eviction, which runs later on another thread, has caught up.
	 */
	private final boolean keeps;

	/**
	 * Creates a cache whose entries expire a time after they were written.
	 * @param name the cache's name, for logs and metrics
	 * @param timeToLive how long an entry is kept
	 * @param maximumSize how many entries are kept at most; {@code 0} turns the cache off
	 */
	public MirrorCache(String name, Duration timeToLive, long maximumSize) {
		this(name, Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).recordStats().build(),
				maximumSize != 0);
	}

	/**
	 * Creates a cache over a Caffeine cache built elsewhere.
	 * @param name the cache's name, for logs and metrics
	 * @param cache the cache to use
	 */
	public MirrorCache(String name, Cache<String, V> cache) {
		this(name, cache, true);
	}

	private MirrorCache(String name, Cache<String, V> cache, boolean keeps) {
		this.name = name;
		this.cache = cache;
		this.keeps = keeps;
	}

	/**
	 * The cache's name.
	 * @return the name, for example {@code users}
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns the cached copy, loading and caching it on a miss. A {@code null} from the
	 * loader is not cached. A load that an eviction overlaps is returned but not kept: it
	 * may have read the record before the change that caused the eviction committed. A
	 * load in a persistence context that outlives it (a transaction, or open-in-view's)
	 * is returned but not kept either: it may be an object that persistence context read
	 * earlier, and its writes change that object before they commit, or roll back.
	 * @param key the key
	 * @param loader loads the copy, for example from the database
	 * @return the copy, or empty when the loader found none
	 */
	public Optional<V> get(String key, Function<String, @Nullable V> loader) {
		Optional<V> cached = getIfPresent(key);
		if (cached.isPresent()) {
			return cached;
		}
		if (inLongerPersistenceContext()) {
			return Optional.ofNullable(loader.apply(key));
		}
		long evictionsBefore = this.evictions.get();
		V loaded = loader.apply(key);
		if (loaded != null) {
			put(key, loaded);
			if (this.evictions.get() != evictionsBefore) {
				// An eviction overlapped the load: it ran before this put, or will run
				// after this check and remove it. Either way the copy must not stay.
				remove(key, loaded);
			}
		}
		return Optional.ofNullable(loaded);
	}

	/**
	 * Whether a load on this thread goes through a persistence context that outlives it:
	 * a transaction's, or one bound outside a transaction (Spring's open-in-view).
	 */
	private static boolean inLongerPersistenceContext() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				|| TransactionSynchronizationManager.getResourceMap()
					.values()
					.stream()
					.anyMatch(EntityManagerHolder.class::isInstance);
	}

	/**
	 * Returns the cached copy, without loading it.
	 * @param key the key
	 * @return the copy, or empty on a miss or a cache failure
	 */
	public Optional<V> getIfPresent(String key) {
		try {
			return Optional.ofNullable(this.cache.getIfPresent(key));
		}
		catch (RuntimeException ex) {
			logger.warn("The " + this.name + " cache failed, treating it as a miss: " + ex);
			return Optional.empty();
		}
	}

	/**
	 * Caches a copy.
	 * @param key the key
	 * @param value the copy
	 */
	public void put(String key, V value) {
		if (!this.keeps) {
			return;
		}
		try {
			this.cache.put(key, value);
		}
		catch (RuntimeException ex) {
			logger.warn("The " + this.name + " cache failed to store an entry: " + ex);
		}
	}

	/**
	 * Sends this cache's evictions to the other instances, and applies theirs.
	 * @param invalidation the invalidation across instances
	 */
	public void setInvalidation(CacheInvalidation invalidation) {
		this.invalidation = invalidation;
		invalidation.register(this.name, this::evictNow, this::clear);
	}

	/**
	 * Makes another cache follow this one, for copies that carry a copy of this cache's,
	 * such as a membership its user. Each key this cache evicts is passed to
	 * {@code evictor} wherever the eviction takes effect: at once, when the transaction
	 * completes, and when another instance reports it. Emptying this cache, or evicting
	 * by a pattern whose keys the dependent cannot match, runs {@code clear}.
	 * @param evictor evicts the dependent's copies that carry the copy of a key, at once
	 * @param clear empties the dependent
	 */
	public void addDependent(Consumer<String> evictor, Runnable clear) {
		this.dependents.add(new Dependent(evictor, clear));
	}

	/**
	 * Evicts a copy at once, and again when the current transaction completes, and on the
	 * other instances when it commits.
	 * @param key the key
	 */
	public void evict(String key) {
		evictAll(List.of(key));
	}

	/**
	 * Evicts copies at once, and again when the current transaction completes, and on the
	 * other instances when it commits.
	 * @param keys the keys
	 */
	public void evictAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		List<String> evicted = List.copyOf(keys);
		CacheInvalidation invalidation = this.invalidation;
		if (invalidation != null) {
			invalidation.publish(this.name, evicted);
		}
		afterCompletionToo(() -> evicted.forEach(this::evictNow));
	}

	/**
	 * Evicts every copy that matches, by its key and the copy itself, at once and again
	 * when the current transaction completes. It reads every entry: for rare changes,
	 * such as an organization's, not for each of a record's own.
	 * @param entries which entries to evict
	 */
	public void evictIf(BiPredicate<String, ? super V> entries) {
		afterCompletionToo(() -> {
			this.evictions.incrementAndGet();
			try {
				this.cache.asMap().entrySet().removeIf((entry) -> entries.test(entry.getKey(), entry.getValue()));
			}
			catch (RuntimeException ex) {
				logger.warn("The " + this.name + " cache failed to evict entries: " + ex);
			}
			this.dependents.forEach((dependent) -> dependent.clear().run());
		});
	}

	/**
	 * Evicts a copy at once only, for example when another application instance reports a
	 * change it committed.
	 * @param key the key
	 */
	public void evictNow(String key) {
		this.evictions.incrementAndGet();
		try {
			this.cache.invalidate(key);
		}
		catch (RuntimeException ex) {
			logger.warn("The " + this.name + " cache failed to evict " + key + ": " + ex);
		}
		this.dependents.forEach((dependent) -> dependent.evictor().accept(key));
	}

	/**
	 * Empties the cache.
	 */
	public void clear() {
		this.evictions.incrementAndGet();
		try {
			this.cache.invalidateAll();
		}
		catch (RuntimeException ex) {
			logger.warn("The " + this.name + " cache failed to clear: " + ex);
		}
		this.dependents.forEach((dependent) -> dependent.clear().run());
	}

	/**
	 * How many copies are cached now, after pending evictions have run.
	 * @return the number of entries
	 */
	public long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	/**
	 * The underlying Caffeine cache, for example to bind its statistics to metrics.
	 * @return the cache
	 */
	public Cache<String, V> getNativeCache() {
		return this.cache;
	}

	private void remove(String key, V value) {
		try {
			this.cache.asMap().remove(key, value);
		}
		catch (RuntimeException ex) {
			logger.warn("The " + this.name + " cache failed to remove " + key + ": " + ex);
		}
	}

	private record Dependent(Consumer<String> evictor, Runnable clear) {

	}

	private static void afterCompletionToo(Runnable eviction) {
		eviction.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					eviction.run();
				}

			});
		}
	}

}
