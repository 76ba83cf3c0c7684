package dev.clerkusers.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
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
	void aCommandOpensNoPortWhateverTheApplicationConfigures() {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.command", "sync")
			.withProperty("server.port", "8080")
			.withProperty("management.server.port", "8081");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("-1");
		assertThat(environment.getProperty("management.server.port")).isEqualTo("-1");
		assertThat(environment.containsProperty("spring.main.web-application-type")).isFalse();
	}

	@Test
	void aReactiveCommandListensOnlyOnARandomLoopbackPort() {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.command", "sync")
			.withProperty("server.port", "8080");
		SpringApplication application = new SpringApplication();
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		this.postProcessor.postProcessEnvironment(environment, application);
		assertThat(environment.getProperty("server.port")).isEqualTo("0");
		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("management.server.port")).isEqualTo("-1");
	}

	/**
	 * Black-box run 174: {@code --clerk.command=} (a script's unset variable) served
	 * requests on the configured port, as if no command had been asked for. A command
	 * line that names an empty command asks for one, which the runner refuses as unknown.
	 */
	@Test
	void anEmptyCommandOnTheCommandLineOpensNoPortEither() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--clerk.command="));
		environment.getPropertySources().addLast(new MapPropertySource("application", Map.of("server.port", "8080")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("-1");
	}

	@Test
	void anEmptyCommandInTheConfigurationIsNone() {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.command", "")
			.withProperty("server.port", "8080");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("8080");
	}

	@Test
	void withoutACommandThePortsAreLeftAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8080");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("8080");
		assertThat(environment.containsProperty("management.server.port")).isFalse();
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
