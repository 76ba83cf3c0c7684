package dev.clerkusers.autoconfigure;

import dev.clerkusers.actuate.ClerkCacheMetrics;
import dev.clerkusers.actuate.ClerkSyncMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkMetricsAutoConfiguration}: the caches' meters and the meter handler of sync
 * runs, each backing off, with Micrometer only.
 */
class ClerkMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClerkTokenAutoConfiguration.class, ClerkMetricsAutoConfiguration.class))
		.withPropertyValues("clerk.jwt-key=" + TestKeys.pem());

	@Test
	void theTokenCacheIsMeasured() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ClerkCacheMetrics.class).bindTo(registry);
			assertThat(registry.find("cache.gets").tag("cache", "clerk.tokens").meters()).isNotEmpty();
		});
	}

	@Test
	void theSyncRunsAreMeasuredWhereThereIsAMeterRegistry() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSyncMeterObservationHandler.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ClerkSyncMeterObservationHandler.class));
	}

	@Test
	void beansOfTheApplicationReplaceTheLibrarysOwn() {
		MeterBinder own = (registry) -> {
		};
		this.contextRunner.withBean("clerkCacheMetrics", MeterBinder.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkCacheMetrics.class)
				.getBean("clerkCacheMetrics")
				.isSameAs(own));
	}

	@Test
	void needsMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkCacheMetrics.class));
	}

}
