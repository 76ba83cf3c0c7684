package dev.clerkusers.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import dev.clerkusers.actuate.ClerkCacheMetrics;
import dev.clerkusers.actuate.ClerkSyncMeterObservationHandler;
import dev.clerkusers.token.CachingClerkTokenVerifier;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUserCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of clerk-users' meters, when
 * Micrometer is present: the token and user caches through Micrometer's Caffeine binder
 * ({@link ClerkCacheMetrics}), and the records of sync and push runs
 * ({@link ClerkSyncMeterObservationHandler}). The observations themselves
 * ({@code clerk.token.verification}, {@code clerk.webhook.processing},
 * {@code clerk.sync}) are made wherever an {@code ObservationRegistry} bean exists.
 */
@AutoConfiguration(after = { ClerkTokenAutoConfiguration.class, ClerkUsersAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
public final class ClerkMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clerkCacheMetrics")
	ClerkCacheMetrics clerkCacheMetrics(ObjectProvider<ClerkTokenVerifier> verifiers,
			ObjectProvider<ClerkUserCache> userCaches) {
		Map<String, Cache<?, ?>> caches = new LinkedHashMap<>();
		if (verifiers.getIfUnique() instanceof CachingClerkTokenVerifier caching) {
			caches.put("tokens", caching.getNativeCache());
		}
		userCaches.ifUnique((users) -> caches.put(users.getName(), users.getNativeCache()));
		return new ClerkCacheMetrics(caches);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	ClerkSyncMeterObservationHandler clerkSyncMeterObservationHandler(MeterRegistry registry) {
		return new ClerkSyncMeterObservationHandler(registry);
	}

}
