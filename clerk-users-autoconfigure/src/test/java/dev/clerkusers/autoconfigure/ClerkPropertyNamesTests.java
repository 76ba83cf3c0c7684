package dev.clerkusers.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 200, F3: {@code clerk.webhook.signing-secret} (the environment variable's
 * singular) was ignored without a word, so the application started without its webhook
 * endpoint. A {@code clerk.*} property that no module declares is reported at start-up,
 * with the closest one.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClerkPropertyNamesTests {

	@Test
	void aMisspelledPropertyIsReportedWithTheClosestOne(CapturedOutput output) {
		check(Map.of("clerk.webhook.signing-secret", "whsec_x", "clerk.secret-key", "sk_test_1"));
		assertThat(output).contains("clerk.webhook.signing-secret")
			.contains("no clerk-users property")
			.contains("clerk.webhook.signing-secrets")
			.contains("'application'");
		assertThat(output).doesNotContain("clerk.secret-key is no");
	}

	@Test
	void aPropertyFarFromEveryOneIsReportedWithoutASuggestion(CapturedOutput output) {
		check(Map.of("clerk.something-else-entirely", "x"));
		assertThat(output).contains("clerk.something-else-entirely (in 'application') is no clerk-users property")
			.doesNotContain("did you mean");
	}

	/**
	 * Black-box run 215, F3: a property of the organizations module, set without the
	 * module, was reported as no clerk-users property at all, so that a newcomer who
	 * forgot the dependency was told of a misspelling.
	 */
	@Test
	void aPropertyOfAnOptionalModuleThatIsAbsentNamesTheModuleToAdd(CapturedOutput output) {
		check(Map.of("clerk.organizations.header-name", "X-Org", "clerk.test.database", "embedded"));
		assertThat(output)
			.contains("clerk.organizations.header-name (in 'application') is a property of clerk-users-organizations, "
					+ "which is not on the class path: add the dependency dev.clerkusers:clerk-users-organizations, "
					+ "or remove the property; it is ignored")
			.contains("clerk.test.database (in 'application') is a property of clerk-users-test")
			.doesNotContain("no clerk-users property");
	}

	@Test
	void declaredPropertiesInAnyFormListsAndMapsAreNotReported(CapturedOutput output) {
		check(Map.of("clerk.secretKey", "sk_test_1", "clerk.authorized-parties[0]", "https://a.example",
				"clerk.webhook.signing-secrets", "whsec_x", "clerk.API.timeout", "5s", "clerk.session.mode",
				"session"));
		assertThat(output).doesNotContain("no clerk-users property");
	}

	@Test
	void environmentVariablesAreNotReadSinceClerksOtherToolsShareThem(CapturedOutput output) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("CLERK_FRONTEND_API", "x", "CLERK_WEBHOOK_SIGNING_SECRET", "whsec_x")));
		new ClerkPropertyNames().onApplicationEvent(event(environment));
		assertThat(output).doesNotContain("no clerk-users property");
	}

	private static void check(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		new ClerkPropertyNames().onApplicationEvent(event(environment));
	}

	private static ApplicationEnvironmentPreparedEvent event(StandardEnvironment environment) {
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), new SpringApplication(),
				new String[0], environment);
	}

}
