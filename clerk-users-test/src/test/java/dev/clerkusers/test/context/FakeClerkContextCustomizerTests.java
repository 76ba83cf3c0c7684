package dev.clerkusers.test.context;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

import dev.clerkusers.autoconfigure.ClerkProperties;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.context.FakeClerkContextCustomizerFactory.FakeClerkContextCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fake Clerk of {@link AutoConfigureFakeClerk @AutoConfigureFakeClerk} lives as long
 * as its context, and ahead-of-time processing, which never closes the contexts it
 * processes, leaves no fake running (a running one kept {@code process-test-aot}'s JVM
 * alive for ever).
 */
class FakeClerkContextCustomizerTests {

	@AfterEach
	void clearAotProcessing() {
		System.clearProperty("spring.aot.processing");
	}

	@Test
	void duringAotProcessingThePropertiesAreSetAndNoFakeKeepsRunning() throws IOException {
		System.setProperty("spring.aot.processing", "true");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new FakeClerkContextCustomizer().customizeContext(context, null);
			FakeClerkBackend clerk = context.getBeanFactory().getBean(FakeClerkBackend.class);
			assertThat(context.getEnvironment().getProperty("clerk.api.url")).isEqualTo(clerk.apiUrl());
			assertThat(context.getEnvironment().getProperty("clerk.secret-key")).isEqualTo(clerk.secretKey());
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(clerk));
		}
	}

	@Test
	void atRunTimeTheFakeAnswersUntilItsContextCloses() throws IOException {
		FakeClerkBackend clerk;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new FakeClerkContextCustomizer().customizeContext(context, null);
			context.refresh();
			clerk = context.getBean(FakeClerkBackend.class);
			connect(clerk);
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(clerk));
	}

	/**
	 * The context's fake is the instance that the kit's deliveries name by default.
	 */
	@Test
	void theFakeIsTheInstanceThatDeliveriesNameByDefault() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new FakeClerkContextCustomizer().customizeContext(context, null);
			context.refresh();
			assertThat(context.getBean(FakeClerkBackend.class).tokens().keyId())
				.isEqualTo(ClerkEvent.DEFAULT_INSTANCE_ID);
		}
	}

	/**
	 * The fake's URL wins over {@code clerk.api-url}, the deprecated name of
	 * {@code clerk.api.url}, in the application's own properties: otherwise the old name
	 * would send the test's calls to Clerk.
	 */
	@Test
	void theFakesUrlWinsOverTheDeprecatedNameInTheApplicationsProperties() {
		try (GenericApplicationContext context = withClerksUrlUnderTheDeprecatedName()) {
			ClerkProperties properties = Binder.get(context.getEnvironment())
				.bindOrCreate("clerk", ClerkProperties.class);
			assertThat(properties.getApi().getUrl()).isEqualTo(context.getBean(FakeClerkBackend.class).apiUrl());
		}
	}

	/**
	 * Code of the application that still reads the deprecated name gets the fake's URL
	 * too, as testing.md promises, not Clerk's from its own properties.
	 */
	@Test
	void theDeprecatedNameIsTheFakesUrlToo() {
		try (GenericApplicationContext context = withClerksUrlUnderTheDeprecatedName()) {
			assertThat(context.getEnvironment().getProperty("clerk.api-url"))
				.isEqualTo(context.getBean(FakeClerkBackend.class).apiUrl());
		}
	}

	/**
	 * A refreshed context with the fake, whose application's properties name Clerk's URL
	 * under {@code clerk.api-url}.
	 */
	private static GenericApplicationContext withClerksUrlUnderTheDeprecatedName() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("application.properties", Map.of("clerk.api-url", "https://api.clerk.com")));
		new FakeClerkContextCustomizer().customizeContext(context, null);
		context.refresh();
		return context;
	}

	private static void connect(FakeClerkBackend clerk) throws IOException {
		URI api = URI.create(clerk.apiUrl());
		try (Socket socket = new Socket(api.getHost(), api.getPort())) {
			assertThat(socket.isConnected()).isTrue();
		}
	}

}
