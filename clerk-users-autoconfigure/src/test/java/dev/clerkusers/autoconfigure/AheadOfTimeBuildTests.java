package dev.clerkusers.autoconfigure;

import java.util.List;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.command.ClerkCommand;
import dev.clerkusers.command.ClerkCommandException;
import dev.clerkusers.command.ClerkCommandRunner;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.webhook.ClerkWebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.SpringProperties;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Black-box run 326: an application processed ahead of time (AOT) keeps the beans its
 * build chose, whatever it runs with. Where the run's properties contradict the build's,
 * the failure or the warning says so and what to do, rather than blame a property that is
 * set or name a condition class. The beans' factory methods are called as the generated
 * code calls them, with the properties of the run.
 */
class AheadOfTimeBuildTests {

	private final ClerkProperties properties = new ClerkProperties();

	@BeforeEach
	void runAheadOfTime() {
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
	}

	@AfterEach
	void runAsUsual() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
	}

	@Test
	void aSecretKeyTheBuildHadAndTheRunHasNotFailsNamingTheProperty() {
		assertThatExceptionOfType(ClerkConfigurationException.class).isThrownBy(
				() -> new ClerkApiAutoConfiguration().clerkApiClient(this.properties, none(), none(), none(), none()))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.secret-key"))
			.withMessageStartingWith("clerk.secret-key is not set, but this application was processed ahead of time"
					+ " (AOT) with it set, and its build chose the Backend API client");
		assertThatExceptionOfType(ClerkConfigurationException.class)
			.isThrownBy(() -> new ClerkTokenAutoConfiguration().clerkBackendApiKeySource(this.properties, none(),
					none(), none(), none()))
			.withMessageContaining("clerk.secret-key is not set, but this application was processed ahead of time")
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Set clerk.secret-key as the build had it, or"
					+ " build the application again with the configuration it runs with"));
	}

	@Test
	void aKeyTheBuildVerifiedTokensWithAndTheRunHasNotFailsNamingTheProperty() {
		assertThatExceptionOfType(ClerkConfigurationException.class)
			.isThrownBy(() -> new ClerkTokenAutoConfiguration().clerkPemKeySource(this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.jwt-key"))
			.withMessageStartingWith("clerk.jwt-key is not set, but this application was processed ahead of time");
		assertThatExceptionOfType(ClerkConfigurationException.class)
			.isThrownBy(() -> new ClerkTokenAutoConfiguration().clerkFrontendApiKeySource(this.properties, none(),
					none(), none(), none()))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.publishable-key"))
			.withMessageStartingWith(
					"clerk.publishable-key is not set, but this application was processed ahead of time");
	}

	@Test
	void aSigningSecretTheBuildHadAndTheRunHasNotFailsNamingTheProperty() {
		assertThatExceptionOfType(ClerkConfigurationException.class).isThrownBy(
				() -> new ClerkWebhookAutoConfiguration.ReceiverConfiguration().clerkWebhookVerifier(this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.webhook.signing-secrets"))
			.withMessage("clerk.webhook.signing-secrets is not set, but this application was processed ahead of time"
					+ " (AOT) with it set, and its build chose a webhook endpoint at /webhooks/clerk");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSigningSecretTheRunHasAndTheBuildHadNotIsNotCalledMissing(CapturedOutput output) {
		this.properties.getWebhook().setSigningSecrets(List.of("whsec_dGVzdA=="));
		new ClerkWebhookAutoConfiguration.WithoutSigningSecretConfiguration(this.properties);
		assertThat(output).contains("clerk.webhook.signing-secrets is set, but this application was processed ahead"
				+ " of time (AOT) without it: there is no webhook endpoint at /webhooks/clerk, and Clerk's deliveries"
				+ " are refused. Build it again with clerk.webhook.signing-secrets set")
			.doesNotContain("is not set");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSecretKeyTheRunHasAndTheBuildHadNotIsWarnedAboutAtStartUp(CapturedOutput output) {
		this.properties.setSecretKey("sk_test_abc");
		new ClerkCommandAutoConfiguration().clerkCommandRunner(this.properties, none(ClerkCommand.class),
				mock(ClerkConsole.class), none(ClerkApiClient.class),
				of(ClerkUserService.class, mock(ClerkUserService.class)));
		assertThat(output).contains("clerk.secret-key is set", "processed ahead of time (AOT) without it",
				"there is no Backend API client");
		new ClerkCommandAutoConfiguration().clerkCommandRunner(this.properties, none(ClerkCommand.class),
				mock(ClerkConsole.class), none(ClerkApiClient.class), none(ClerkUserService.class));
		assertThat(StringUtils.countOccurrencesOf(output.toString(), "there is no Backend API client"))
			.as("review 333: also without the users table")
			.isEqualTo(2);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSigningSecretTheBuildHadAndTheRunHasNotIsNotWarnedAbout(CapturedOutput output) {
		new ClerkWebhookAutoConfiguration.WithoutSvixConfiguration(this.properties);
		new WebhookWithoutUsersConfiguration(new MockEnvironment(), this.properties);
		assertThat(output).doesNotContain("clerk.webhook.signing-secrets");
		this.properties.getWebhook().setSigningSecrets(List.of("whsec_dGVzdA=="));
		new ClerkWebhookAutoConfiguration.WithoutSvixConfiguration(this.properties);
		new WebhookWithoutUsersConfiguration(new MockEnvironment(), this.properties);
		assertThat(output).as("with a secret, the warnings are given")
			.contains("clerk.webhook.signing-secrets is set", "clerk.webhook.signing-secrets has no effect");
	}

	/**
	 * Black-box run 330 F4: run with {@code clerk.schema.migrate=false}, an application
	 * built with it on applied the library's scripts all the same.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void migrationsSwitchedOffByTheRunAreNotAppliedAndTheBuildIsNamed(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("clerk.schema.migrate", "false");
		ClerkSchemaMigration migration = new ClerkSchemaMigrationAutoConfiguration()
			.clerkSchemaMigration(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"), environment);
		migration.afterPropertiesSet();
		assertThat(migration.isMigrateOnStartup()).isFalse();
		assertThat(output).contains("clerk.schema.migrate=false", "processed ahead of time (AOT)", "apply nothing")
			.contains("Not migrating the tables of clerk_users_schema_history");
	}

	/**
	 * Black-box run 330 F4 and F3: webhooks switched off, or a PEM key given, by the run
	 * only are named as what the build ignores.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void settingsTheBuildsChoiceIgnoresAreNamed(CapturedOutput output) {
		this.properties.getWebhook().setSigningSecrets(List.of("whsec_dGVzdA=="));
		this.properties.getWebhook().setEnabled(false);
		new ClerkWebhookAutoConfiguration.ReceiverConfiguration().clerkWebhookVerifier(this.properties);
		assertThat(output).contains("clerk.webhook.enabled=false", "processed ahead of time (AOT)",
				"/webhooks/clerk takes no delivery", "403 from CSRF protection");
		RouterFunction<ServerResponse> route = new ClerkWebhookAutoConfiguration.EndpointConfiguration()
			.clerkWebhookRoute(mock(ClerkWebhookReceiver.class), this.properties);
		assertThat(route.route(ServerRequest.create(new MockHttpServletRequest("POST", "/webhooks/clerk"), List.of())))
			.as("switched off by the run, the route takes nothing")
			.isEmpty();
		HttpSecurity http = mock(HttpSecurity.class);
		new ClerkWebhookAutoConfiguration.EndpointConfiguration.WebhookSecurityConfiguration()
			.clerkWebhookHttpSecurityCustomizer(this.properties, none())
			.customize(http);
		verifyNoInteractions(http);
		this.properties.getWebhook().setEnabled(true);
		assertThat(new ClerkWebhookAutoConfiguration.EndpointConfiguration()
			.clerkWebhookRoute(mock(ClerkWebhookReceiver.class), this.properties)
			.route(ServerRequest.create(new MockHttpServletRequest("POST", "/webhooks/clerk"), List.of()))).isPresent();
		this.properties.setSecretKey("sk_test_abc");
		this.properties.setJwtKey("not a key the build read");
		new ClerkTokenAutoConfiguration().clerkBackendApiKeySource(this.properties, none(), none(), none(), none());
		assertThat(output).contains("clerk.jwt-key is set, but this application was processed ahead of time (AOT)"
				+ " without it: it is not used, nor read; the key set the build chose verifies the tokens");
	}

	@Test
	void aSecretKeyTheRunHasAndTheBuildHadNotIsNotCalledMissingByTheCommands() {
		this.properties.setSecretKey("sk_test_abc");
		this.properties.setCommand("sync");
		ClerkCommandRunner runner = new ClerkCommandAutoConfiguration().clerkCommandRunner(this.properties,
				none(ClerkCommand.class), mock(ClerkConsole.class), none(ClerkApiClient.class),
				of(ClerkUserService.class, mock(ClerkUserService.class)));
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> runner.run(new DefaultApplicationArguments("--clerk.command=sync")))
			.withMessageContaining("clerk.command 'sync' needs the Backend API client, which this application's"
					+ " ahead-of-time (AOT) build left out, as clerk.secret-key was not set there (it is now)")
			.withMessageNotContaining("which is not set");
	}

	/** A provider of nothing, of whatever type a factory method takes. */
	@SuppressWarnings("unchecked")
	private static <T> ObjectProvider<T> none() {
		return (ObjectProvider<T>) new DefaultListableBeanFactory().getBeanProvider(Void.class);
	}

	private static <T> ObjectProvider<T> none(Class<T> type) {
		return new DefaultListableBeanFactory().getBeanProvider(type);
	}

	private static <T> ObjectProvider<T> of(Class<T> type, T bean) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton(type.getName(), bean);
		return beans.getBeanProvider(type);
	}

}
