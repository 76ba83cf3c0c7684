package dev.clerkusers.it.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.clerkusers.autoconfigure.ClerkConfigurationException;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops a whole application at startup, and the failure analysis it
 * prints names the property to set. Each configuration check is tested on its own in the
 * auto-configuration tests.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTests {

	private final TestDatabase database = ClerkTestDatabases.create();

	@Test
	void withoutAnyKeySourceTheApplicationDoesNotStart(CapturedOutput output) {
		assertFailsOn("clerk.secret-key", "clerk.jwt-key=");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("clerk.secret-key")
			.contains("clerk.publishable-key")
			.contains("clerk.jwt-key")
			// Black-box run 200, F2: a test without the kit's annotation was told to
			// export a real secret key; it is told the annotation.
			.contains("In a test, annotate the test class with @AutoConfigureFakeClerk");
	}

	@Test
	void theWebhookPathIsOpenedInsideTheChainWithoutAWarning(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.run(arguments("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET))) {
			assertThat(output).doesNotContain("You are asking Spring Security to ignore");
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/clerk"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			// past the chain without a token or CSRF token; refused by the endpoint for
			// its signature
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("missing-headers");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as("the chain's headers ran")
				.contains("nosniff");
		}
	}

	/**
	 * Black-box run 114: a database that could not be reached at start-up stopped the
	 * application with a stack trace, its reason inside a {@code BeanCreationException}.
	 */
	@Test
	void anUnreachableDatabaseIsReportedWithWhatToCheck(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class)
			.run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/clerk", "--server.port=0")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("could not connect to the database to migrate its tables")
			.contains("127.0.0.1:1")
			.contains("spring.datasource.url")
			.contains("In a test, annotate the test class with @ClerkTestDatabase")
			.doesNotContain("Application run failed");
	}

	/**
	 * Black-box run 241: a test written without {@code @ClerkTestDatabase}, as Spring
	 * Initializr's {@code contextLoads()}, has no database at all; the failure named an
	 * embedded database to add (H2), not the kit's annotation that getting-started.md
	 * promises.
	 */
	@Test
	void noDatabaseAtAllIsReportedWithTheTestKitsAnnotation(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).run("--server.port=0").close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.datasource.url")
			.contains("In a test, annotate the test class with @ClerkTestDatabase")
			.doesNotContain("Application run failed");
	}

	/**
	 * The analysis of an empty switch is the library's, ahead of Spring Boot's own
	 * (black-box runs 221 and 223).
	 */
	@Test
	void anEmptySwitchIsReportedAsEmpty(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(TestApplication.class).run(arguments("clerk.webhook.enabled="))
					.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Reason: clerk.webhook.enabled is empty")
			.contains("Set clerk.webhook.enabled to true or false, or remove it to keep its default.")
			.doesNotContain("A null value cannot be assigned to a primitive type");
	}

	private void assertFailsOn(String property, String... extra) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).run(arguments(extra)).close())
			.satisfies((ex) -> {
				Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
				assertThat(root).isInstanceOf(ClerkConfigurationException.class);
				assertThat(((ClerkConfigurationException) root).getProperty()).isEqualTo(property);
			});
	}

	/**
	 * Command-line arguments, which override the test application's
	 * application.properties.
	 */
	private String[] arguments(String... extra) {
		String[] base = { "--spring.datasource.url=" + this.database.jdbcUrl(),
				"--spring.datasource.username=" + this.database.username(), "--server.port=0" };
		String[] all = new String[base.length + extra.length];
		System.arraycopy(base, 0, all, 0, base.length);
		for (int i = 0; i < extra.length; i++) {
			all[base.length + i] = "--" + extra[i];
		}
		return all;
	}

}
