package dev.clerkusers.it.security;

import dev.clerkusers.autoconfigure.ClerkConfigurationException;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.database.EmbeddedPostgresServer;
import dev.clerkusers.test.database.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops the application at startup, and the failure analysis names the
 * property to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTests {

	private final TestDatabase database = EmbeddedPostgresServer.shared().createDatabase();

	@Test
	void withoutAnyKeySourceTheApplicationDoesNotStart(CapturedOutput output) {
		assertFailsOn("clerk.secret-key", "clerk.jwt-key=");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("clerk.secret-key")
			.contains("clerk.publishable-key")
			.contains("clerk.jwt-key");
	}

	@Test
	void aPlaceholderSecretKeyIsRefused() {
		assertFailsOn("clerk.secret-key", "clerk.jwt-key=", "clerk.secret-key=sk_test_mock_secret_key");
		assertFailsOn("clerk.secret-key", "clerk.jwt-key=", "clerk.secret-key=sk_live_replace_me");
	}

	@Test
	void somethingThatIsNotASecretKeyIsRefused() {
		assertFailsOn("clerk.secret-key", "clerk.secret-key=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
	}

	@Test
	void aMalformedPublishableKeyIsRefused() {
		assertFailsOn("clerk.publishable-key", "clerk.publishable-key=pk_test_not-base64");
	}

	@Test
	void theSessionCookieNeedsAuthorizedParties() {
		assertFailsOn("clerk.authorized-parties", "clerk.session-cookie.enabled=true");
	}

	@Test
	void aMalformedPemKeyIsRefused() {
		assertFailsOn("clerk.jwt-key", "clerk.jwt-key=not-a-key");
	}

	@Test
	void aPlaceholderWebhookSecretIsRefused() {
		assertFailsOn("clerk.webhook.signing-secrets", "clerk.webhook.signing-secrets=whsec_test_mock_signing_key");
		assertFailsOn("clerk.webhook.signing-secrets", "clerk.webhook.signing-secrets=not_a_whsec_secret");
		assertFailsOn("clerk.webhook.signing-secrets", "clerk.webhook.signing-secrets=whsec_replace_me");
	}

	@Test
	void anEmptyAuthorizedPartiesListIsAWarning(CapturedOutput output) {
		new SpringApplicationBuilder(TestApplication.class).run(arguments()).close();
		assertThat(output).contains("clerk.authorized-parties is empty");
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
