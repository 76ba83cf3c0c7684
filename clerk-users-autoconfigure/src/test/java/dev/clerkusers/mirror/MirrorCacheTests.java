package dev.clerkusers.mirror;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MirrorCache}: the rules of its class Javadoc, each with the failure it prevents.
 */
class MirrorCacheTests {

	private final MirrorCache<String> cache = new MirrorCache<>("users", Duration.ofMinutes(5), 100);

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void aCopyIsLoadedOnceAndServedFromTheCacheAfter() {
		List<String> loads = new ArrayList<>();
		assertThat(this.cache.get("user_1", (key) -> {
			loads.add(key);
			return "Ada";
		})).contains("Ada");
		assertThat(this.cache.get("user_1", (key) -> {
			loads.add(key);
			return "Ada again";
		})).contains("Ada");
		assertThat(loads).containsExactly("user_1");
	}

	/**
	 * A record not found is not cached: the next read asks again, and finds the record
	 * once it is stored.
	 */
	@Test
	void aRecordNotFoundIsNotCached() {
		assertThat(this.cache.get("user_new", (key) -> null)).isEmpty();
		assertThat(this.cache.get("user_new", (key) -> "stored since")).contains("stored since");
	}

	/**
	 * A load that an eviction overlaps read the record perhaps before the change that
	 * caused the eviction committed: it is returned, but not kept, so the next read sees
	 * the change.
	 */
	@Test
	void aLoadThatAnEvictionOverlapsIsReturnedButNotKept() {
		assertThat(this.cache.get("user_1", (key) -> {
			this.cache.evictNow(key);
			return "read before the change";
		})).contains("read before the change");
		assertThat(this.cache.getIfPresent("user_1")).isEmpty();
	}

	@Test
	void aLoadThatClearingTheCacheOverlapsIsNotKeptEither() {
		this.cache.get("user_1", (key) -> {
			this.cache.clear();
			return "read before the change";
		});
		assertThat(this.cache.getIfPresent("user_1")).isEmpty();
	}

	/**
	 * An eviction in a transaction takes effect at once and again when the transaction
	 * completes: a reader that cached the old copy between the two (it read the row
	 * before the change committed) does not keep it.
	 */
	@Test
	void anEvictionInATransactionIsMadeAgainWhenTheTransactionCompletes() {
		this.cache.get("user_1", (key) -> "old");
		TransactionSynchronizationManager.initSynchronization();
		this.cache.evict("user_1");
		assertThat(this.cache.getIfPresent("user_1")).as("evicted at once").isEmpty();
		this.cache.put("user_1", "old, read by another request before the commit");
		complete(TransactionSynchronization.STATUS_COMMITTED);
		assertThat(this.cache.getIfPresent("user_1")).as("evicted again at the commit").isEmpty();
	}

	@Test
	void anEvictionOutsideATransactionTakesEffectAtOnce() {
		this.cache.get("user_1", (key) -> "old");
		this.cache.get("user_2", (key) -> "kept");
		this.cache.evictAll(List.of("user_1"));
		assertThat(this.cache.getIfPresent("user_1")).isEmpty();
		assertThat(this.cache.getIfPresent("user_2")).contains("kept");
	}

	@Test
	void anEvictionByMatchRemovesOnlyTheMatchingCopies() {
		this.cache.put("org_1:user_1", "one");
		this.cache.put("org_1:user_2", "two");
		this.cache.put("org_2:user_1", "three");
		this.cache.put("org_2:user_2", "four");
		this.cache.evictIf((key, value) -> key.startsWith("org_1:") || value.equals("four"));
		assertThat(this.cache.getIfPresent("org_1:user_1")).isEmpty();
		assertThat(this.cache.getIfPresent("org_1:user_2")).isEmpty();
		assertThat(this.cache.getIfPresent("org_2:user_1")).contains("three");
		assertThat(this.cache.getIfPresent("org_2:user_2")).isEmpty();
	}

	/**
	 * Evictions are published for the other instances, under the cache's name; an
	 * eviction that another instance reports is applied here without being published
	 * again, and a report that evictions may have been missed empties the cache.
	 */
	@Test
	void evictionsTravelToAndFromTheOtherInstances() {
		RecordingInvalidation invalidation = new RecordingInvalidation();
		this.cache.setInvalidation(invalidation);
		this.cache.evictAll(List.of("user_1", "user_2"));
		assertThat(invalidation.published).containsExactly("users:[user_1, user_2]");

		this.cache.put("user_3", "changed elsewhere");
		this.cache.put("user_4", "unchanged");
		invalidation.evictor.accept("user_3");
		assertThat(this.cache.getIfPresent("user_3")).isEmpty();
		assertThat(this.cache.getIfPresent("user_4")).contains("unchanged");
		assertThat(invalidation.published).as("not published again").hasSize(1);
		invalidation.clear.run();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void aMaximumSizeOfZeroTurnsTheCacheOff() {
		MirrorCache<String> off = new MirrorCache<>("users", Duration.ofMinutes(5), 0);
		List<String> loads = new ArrayList<>();
		off.get("user_1", (key) -> {
			loads.add(key);
			return "Ada";
		});
		off.get("user_1", (key) -> {
			loads.add(key);
			return "Ada";
		});
		assertThat(loads).hasSize(2);
	}

	/**
	 * Black-box run 247 (F1): a membership cached with its user kept the user's old state
	 * after the user's own cache was evicted. A dependent follows every eviction of its
	 * cache by key — at once, when the transaction completes, and reported by another
	 * instance — and is emptied with it, or by an eviction by pattern, whose keys it
	 * cannot match.
	 */
	@Test
	void aDependentFollowsEveryEvictionOfItsCache() {
		RecordingInvalidation invalidation = new RecordingInvalidation();
		this.cache.setInvalidation(invalidation);
		List<String> followed = new ArrayList<>();
		this.cache.addDependent(followed::add, () -> followed.add("cleared"));

		TransactionSynchronizationManager.initSynchronization();
		this.cache.evict("user_1");
		assertThat(followed).as("at once").containsExactly("user_1");
		complete(TransactionSynchronization.STATUS_COMMITTED);
		assertThat(followed).as("and when the transaction completes").containsExactly("user_1", "user_1");

		followed.clear();
		invalidation.evictor.accept("user_2");
		this.cache.evictAll(List.of("user_3", "user_4"));
		this.cache.clear();
		invalidation.clear.run();
		this.cache.evictIf((key, value) -> key.startsWith("user_"));
		assertThat(followed).containsExactly("user_2", "user_3", "user_4", "cleared", "cleared", "cleared");
	}

	/**
	 * Caches fail open: when the cache itself fails, a read is a miss that the loader
	 * answers, and a write or an eviction is skipped, never an error for the request.
	 */
	@Test
	void aCacheThatFailsIsAMissNeverAnError() {
		MirrorCache<String> failing = new MirrorCache<>("users", failingCache());
		failing.setInvalidation(new RecordingInvalidation());
		TransactionSynchronizationManager.initSynchronization();
		assertThat(failing.get("user_1", (key) -> "from the database")).contains("from the database");
		assertThat(failing.getIfPresent("user_1")).isEmpty();
		failing.put("user_1", "Ada");
		failing.evict("user_1");
		failing.evictIf((key, value) -> true);
		failing.evictNow("user_1");
		failing.clear();
		complete(TransactionSynchronization.STATUS_COMMITTED);
	}

	private static void complete(int status) {
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
	}

	/**
	 * A Caffeine cache every operation of which fails, as a broken cache would: there is
	 * no real cache that can be made to fail.
	 */
	@SuppressWarnings("unchecked")
	private static Cache<String, String> failingCache() {
		return (Cache<String, String>) Proxy.newProxyInstance(MirrorCacheTests.class.getClassLoader(),
				new Class<?>[] { Cache.class }, (proxy, method, args) -> {
					throw new IllegalStateException("the cache is broken");
				});
	}

	private static final class RecordingInvalidation implements CacheInvalidation {

		final List<String> published = new ArrayList<>();

		Consumer<String> evictor = (key) -> {
		};

		Runnable clear = () -> {
		};

		@Override
		public void publish(String cache, Collection<String> keys) {
			this.published.add(cache + ":" + keys);
		}

		@Override
		public void register(String cache, Consumer<String> evictor, Runnable clear) {
			this.evictor = evictor;
			this.clear = clear;
		}

	}

}
