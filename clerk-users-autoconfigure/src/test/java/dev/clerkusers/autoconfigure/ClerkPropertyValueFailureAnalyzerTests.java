package dev.clerkusers.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A switch or number set to nothing (an environment variable set to nothing), or a choice
 * given a value it does not have, stops the application saying so and what the property
 * takes, rather than with Spring Boot's "A null value cannot be assigned to a primitive
 * type" or "No enum constant" (black-box runs 219, 221 and 223).
 */
class ClerkPropertyValueFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class))
		.withPropertyValues("clerk.secret-key=sk_test_123");

	@ParameterizedTest
	@CsvSource({ "clerk.webhook.enabled, true or false", "clerk.session-cookie.enabled, true or false",
			"clerk.schema.migrate, true or false", "clerk.cache.user-max-size, a number",
			"clerk.api.max-retries, a number", "clerk.sync.reconcile-max-fraction, a number" })
	void anEmptySwitchOrNumberIsSaidToBeEmptyWithWhatItTakes(String property, String takes) {
		this.contextRunner.withPropertyValues(property + "=").run((context) -> {
			FailureAnalysis analysis = new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + property, "Value: \"\"")
				.contains("Reason: " + property + " is empty (as an environment variable set to nothing is); it takes "
						+ takes)
				.doesNotContain("primitive");
			assertThat(analysis.getAction())
				.isEqualTo("Set " + property + " to " + takes + ", or remove it to keep its default.");
		});
	}

	/**
	 * A choice given a value it does not have is told what it takes, in the words of
	 * configuration.md, rather than Spring Boot's "No enum constant …" (black-box runs
	 * 219 and 223).
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "clerk.session.mode=stateful | one of stateless, session",
			"clerk.cache.invalidation=redis | one of postgres, none" })
	void aChoiceWithAValueItDoesNotHaveIsToldWhatItTakes(String setting, String takes) {
		String property = setting.substring(0, setting.indexOf('='));
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			FailureAnalysis analysis = new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Reason: " + property + " has no such value; it takes " + takes)
				.doesNotContain("No enum constant");
			assertThat(analysis.getAction())
				.isEqualTo("Set " + property + " to " + takes + ", or remove it to keep its default.");
		});
	}

	/**
	 * A placeholder that nothing resolved is kept as the value by the binder; a switch,
	 * number or choice holding one says so (black-box run 223: "Invalid boolean value").
	 */
	@Test
	void aPlaceholderThatNothingResolvedIsSaidToBeOne() {
		this.contextRunner.withPropertyValues("clerk.session-cookie.enabled=${CLERK_USERS_TEST_UNSET}")
			.run((context) -> {
				FailureAnalysis analysis = new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(
						"Reason: clerk.session-cookie.enabled is a placeholder that nothing resolved; it takes true or false");
				assertThat(analysis.getAction()).startsWith("Set the environment variable or property that");
			});
	}

	/**
	 * A switch given a word it does not read is told what it takes, rather than Spring
	 * Boot's "Invalid boolean value" (black-box run 259).
	 */
	@ParameterizedTest
	@CsvSource({ "clerk.session-cookie.enabled=sure", "clerk.webhook.enabled=maybe",
			"clerk.users.create-on-first-request=perhaps" })
	void aSwitchWithAWordItDoesNotReadIsToldWhatItTakes(String setting) {
		String property = setting.substring(0, setting.indexOf('='));
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			FailureAnalysis analysis = new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Reason: " + property + " has no such value; it takes true or false")
				.doesNotContain("Invalid boolean value");
		});
	}

	@Test
	void anyOtherBindingFailureIsLeftToSpringBoot() {
		this.contextRunner.withPropertyValues("clerk.cache.user-max-size=many")
			.run((context) -> assertThat(new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure()))
				.isNull());
		this.contextRunner.withPropertyValues("clerk.cache.user-ttl=soon")
			.run((context) -> assertThat(new ClerkPropertyValueFailureAnalyzer().analyze(context.getStartupFailure()))
				.isNull());
	}

}
