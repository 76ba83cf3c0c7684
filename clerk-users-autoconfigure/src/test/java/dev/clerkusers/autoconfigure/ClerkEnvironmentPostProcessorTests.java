package dev.clerkusers.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults that {@link ClerkEnvironmentPostProcessor} adds below every other property
 * source.
 */
class ClerkEnvironmentPostProcessorTests {

	private final ClerkEnvironmentPostProcessor postProcessor = new ClerkEnvironmentPostProcessor();

	@Test
	void clerksSigningSecretVariableBecomesTheWebhookSigningSecrets() {
		StandardEnvironment environment = environment(Map.of("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("clerk.webhook.signing-secrets")).isEqualTo("whsec_abc");
	}

	@Test
	void anyOtherSourceOfTheSigningSecretsWins() {
		StandardEnvironment environment = environment(Map.of("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("clerk.webhook.signing-secrets", "whsec_new,whsec_old")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("clerk.webhook.signing-secrets")).isEqualTo("whsec_new,whsec_old");
	}

	@Test
	void aBlankSigningSecretVariableIsIgnored() {
		StandardEnvironment environment = environment(Map.of("CLERK_WEBHOOK_SIGNING_SECRET", " "));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("clerk.webhook.signing-secrets")).isFalse();
	}

	@Test
	void aCommandRunsWithoutAWebServer() {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.command", "sync");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
	}

	@Test
	void anExplicitWebApplicationTypeWinsOverTheCommandDefault() {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.command", "sync")
			.withProperty("spring.main.web-application-type", "servlet");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("servlet");
	}

	@Test
	void withoutACommandTheWebApplicationTypeIsLeftAlone() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("spring.main.web-application-type")).isFalse();
	}

	@Test
	void aRequestWaitsForADatabaseConnectionAFewSecondsAtMostUnlessTheApplicationSaysOtherwise() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("3000");
		MockEnvironment own = new MockEnvironment().withProperty("spring.datasource.hikari.connection-timeout",
				"10000");
		this.postProcessor.postProcessEnvironment(own, new SpringApplication());
		assertThat(own.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("10000");
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

}
