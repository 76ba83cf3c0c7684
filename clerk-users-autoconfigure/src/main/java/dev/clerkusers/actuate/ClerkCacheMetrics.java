package dev.clerkusers.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Binds the library's Caffeine caches to Micrometer with its Caffeine binder: the
 * {@code cache.size}, {@code cache.gets} ({@code result=hit|miss}), {@code cache.puts}
 * and {@code cache.evictions} meters, tagged {@code cache=clerk.<name>} (for example
 * {@code clerk.tokens}, {@code clerk.users}).
 */
public class ClerkCacheMetrics implements MeterBinder {

	private final Map<String, Cache<?, ?>> caches;

	/**
	 * Creates a binder.
	 * @param caches the caches by name, without the {@code clerk.} prefix
	 */
	public ClerkCacheMetrics(Map<String, ? extends Cache<?, ?>> caches) {
		this.caches = new LinkedHashMap<>(caches);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.caches.forEach((name, cache) -> CaffeineCacheMetrics.monitor(registry, cache, "clerk." + name));
	}

}
