package dev.clerkusers.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of the users' cache that {@link ClerkUsersAutoConfiguration} checks
 * without a database.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClerkUsersAutoConfigurationTests {

	private static final String UNUSED_LISTENER_URL = "clerk.cache.listener-url is set, but clerk.cache.invalidation"
			+ " is none";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withUserConfiguration(
			Properties.class, ClerkUsersAutoConfiguration.WithoutCacheInvalidationConfiguration.class);

	/**
	 * A listening connection configured beside invalidation turned off is a contradiction
	 * that nothing would tell of: no connection listens, and the URL is not used
	 * (black-box run 341).
	 */
	@Test
	void aListenerUrlWithoutInvalidationIsWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("clerk.cache.invalidation=none",
					"clerk.cache.listener-url=jdbc:postgresql://db.example.com/app")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains(UNUSED_LISTENER_URL).contains("clerk.cache.user-ttl");
	}

	@Test
	void invalidationTurnedOffAloneIsNotWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=NONE")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("clerk.cache.listener-url=jdbc:postgresql://db.example.com/app")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(ClerkUsersAutoConfiguration.WithoutCacheInvalidationConfiguration.class));
		assertThat(output).doesNotContain(UNUSED_LISTENER_URL);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClerkProperties.class)
	static class Properties {

	}

}
