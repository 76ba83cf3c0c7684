package dev.clerkusers.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConditionalOnClerkProperty @ConditionalOnClerkProperty} reads a property as the
 * binder does: whatever matches is what {@link ClerkProperties} holds.
 */
class ConditionalOnClerkPropertyTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(SwitchedOn.class, SwitchedOnUnlessOff.class, PostgresInvalidation.class);

	@Test
	void aMissingPropertyMatchesOnlyWhenMissingIsAMatch() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("switchedOn")
			.hasBean("switchedOnUnlessOff")
			.hasBean("postgresInvalidation"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "TRUE", "on", "yes", "1" })
	void aSwitchMatchesEveryWayTheBinderReadsAsTrue(String value) {
		this.contextRunner.withPropertyValues("clerk.test.switch=" + value)
			.run((context) -> assertThat(context).hasBean("switchedOn").hasBean("switchedOnUnlessOff"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "FALSE", "off", "no", "0" })
	void aSwitchDoesNotMatchEveryWayTheBinderReadsAsFalse(String value) {
		this.contextRunner.withPropertyValues("clerk.test.switch=" + value)
			.run((context) -> assertThat(context).doesNotHaveBean("switchedOn").doesNotHaveBean("switchedOnUnlessOff"));
	}

	@Test
	void aSwitchThatCannotBeBoundMatchesNothing() {
		this.contextRunner.withPropertyValues("clerk.test.switch=maybe")
			.run((context) -> assertThat(context).doesNotHaveBean("switchedOn").doesNotHaveBean("switchedOnUnlessOff"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres", "POSTGRES", "Postgres" })
	void anEnumMatchesItsConstantInAnyCase(String value) {
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=" + value)
			.run((context) -> assertThat(context).hasBean("postgresInvalidation"));
	}

	@Test
	void anEmptyEnumIsMissingAsTheBinderLeavesTheDefault() {
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=")
			.run((context) -> assertThat(context).hasBean("postgresInvalidation"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "NONE", "redis" })
	void anEnumOfAnotherValueOrNoneDoesNotMatch(String value) {
		this.contextRunner.withPropertyValues("clerk.cache.invalidation=" + value)
			.run((context) -> assertThat(context).doesNotHaveBean("postgresInvalidation"));
	}

	@Configuration(proxyBeanMethods = false)
	static class SwitchedOn {

		@Bean
		@ConditionalOnClerkProperty(name = "clerk.test.switch")
		String switchedOn() {
			return "on";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SwitchedOnUnlessOff {

		@Bean
		@ConditionalOnClerkProperty(name = "clerk.test.switch", matchIfMissing = true)
		String switchedOnUnlessOff() {
			return "on";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PostgresInvalidation {

		@Bean
		@ConditionalOnClerkProperty(name = "clerk.cache.invalidation", type = ClerkProperties.Invalidation.class,
				havingValue = "postgres", matchIfMissing = true)
		String postgresInvalidation() {
			return "postgres";
		}

	}

}
