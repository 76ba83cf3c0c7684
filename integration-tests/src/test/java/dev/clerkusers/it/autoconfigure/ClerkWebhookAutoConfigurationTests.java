package dev.clerkusers.it.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.svix.Webhook;
import dev.clerkusers.autoconfigure.ClerkConfigurationException;
import dev.clerkusers.autoconfigure.ClerkWebhookAutoConfiguration;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import dev.clerkusers.webhook.ClerkWebhookHandler;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookProcessor;
import dev.clerkusers.webhook.ClerkWebhookReceiver;
import dev.clerkusers.webhook.SessionWebhookHandler;
import dev.clerkusers.webhook.SvixWebhookVerifier;
import dev.clerkusers.webhook.UserWebhookHandler;
import dev.clerkusers.webhook.WebhookResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkWebhookAutoConfiguration} on a real PostgreSQL: the inbox and processor
 * with the users table, the endpoint with a signing secret and svix, the switch, and the
 * startup refusal of a placeholder secret.
 */
class ClerkWebhookAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = DatabaseContextRunners
		.withUsersTable(new WebApplicationContextRunner())
		.withConfiguration(AutoConfigurations.of(ClerkWebhookAutoConfiguration.class));

	@Test
	void withTheUsersTableEventsAreProcessedWithTheUserAndSessionHandlers() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ClerkWebhookInbox.class)
			.hasSingleBean(ClerkWebhookProcessor.class)
			.hasSingleBean(UserWebhookHandler.class)
			.hasSingleBean(SessionWebhookHandler.class)
			.doesNotHaveBean(SvixWebhookVerifier.class));
	}

	@Test
	void aDeliveryWaitsForAnotherOfItsEventAsLongAsTheLockTimeout() {
		this.contextRunner.withPropertyValues("clerk.lock-timeout=2s")
			.run((context) -> assertThat(context.getBean(ClerkWebhookInbox.class).getLockTimeout())
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void aSigningSecretOpensTheEndpoint() {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).hasSingleBean(SvixWebhookVerifier.class)
				.hasBean("clerkWebhookRoute"));
	}

	/**
	 * Black-box run 85: without the svix library, a signing secret was ignored without a
	 * word, and every delivery of Clerk's refused; start-up now says why there is no
	 * endpoint, naming the property and the library.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theEndpointNeedsSvixAndStartUpSaysSoWhenASigningSecretIsSet(CapturedOutput output) {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.withClassLoader(new FilteredClassLoader(Webhook.class))
			.run((context) -> assertThat(context).hasSingleBean(ClerkWebhookProcessor.class)
				.doesNotHaveBean(SvixWebhookVerifier.class)
				.doesNotHaveBean("clerkWebhookRoute"));
		assertThat(output).contains("clerk.webhook.signing-secrets", "com.svix:svix")
			.doesNotContain(ClerkWebhookSigner.TEST_SECRET);
	}

	/**
	 * Without a signing secret there is no endpoint, and Clerk's deliveries to it are
	 * refused (by a chain's CSRF protection, 403): start-up says so once, naming the
	 * property, the path and the switch that says webhooks are not wanted. Nothing is
	 * said where there is an endpoint or webhooks are turned off.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withoutASigningSecretStartUpSaysThereIsNoEndpoint(CapturedOutput output) {
		this.contextRunner.withPropertyValues("clerk.webhook.path=/hooks/clerk")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("clerkWebhookRoute"));
		assertThat(output).contains("clerk.webhook.signing-secrets is not set", "no webhook endpoint at /hooks/clerk",
				"clerk.webhook.enabled=false");
		int before = output.getAll().length();
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).hasBean("clerkWebhookRoute"));
		this.contextRunner.withUserConfiguration(OwnReceiver.class)
			.run((context) -> assertThat(context).hasBean("clerkWebhookRoute"));
		this.contextRunner.withPropertyValues("clerk.webhook.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll().substring(before)).doesNotContain("clerk.webhook.signing-secrets is not set");
	}

	/**
	 * Review run 295: a retention shorter than Svix's retries (about 27 hours) was taken
	 * silently, though a redelivery after a lost answer is then processed as new and
	 * announces a creation again. Start-up says so; the default and a day and a half pass
	 * without a word.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRetentionShorterThanSvixsRetriesIsWarnedOf(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET,
					"clerk.webhook.retention=1h")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("clerk.webhook.retention=PT1H is shorter than Svix's retries");
		int before = output.getAll().length();
		for (String retention : new String[] { "30d", "36h" }) {
			this.contextRunner
				.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET,
						"clerk.webhook.retention=" + retention)
				.run((context) -> assertThat(context).hasNotFailed());
		}
		assertThat(output.getAll().substring(before)).doesNotContain("clerk.webhook.retention");
	}

	@Test
	void withSpringSecurityEveryChainOpensTheWebhookPath() {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).hasBean("clerkWebhookHttpSecurityCustomizer"));
	}

	@Test
	void withoutSpringSecurityTheEndpointNeedsNoChainCustomizer() {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).hasBean("clerkWebhookRoute")
				.doesNotHaveBean("clerkWebhookHttpSecurityCustomizer"));
	}

	@Test
	void theReceiverOfTheApplicationGetsTheRouteAndEveryChainOpensItWithoutASigningSecret() {
		this.contextRunner.withUserConfiguration(OwnReceiver.class)
			.run((context) -> assertThat(context).hasBean("clerkWebhookRoute")
				.hasBean("clerkWebhookHttpSecurityCustomizer")
				.doesNotHaveBean(SvixWebhookVerifier.class));
	}

	@Test
	void withoutJdbcThereAreNoWebhooks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkWebhookProcessor.class)
				.doesNotHaveBean(ClerkWebhookInbox.class));
	}

	@Test
	void webhooksCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("clerk.webhook.enabled=false",
					"clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkWebhookProcessor.class)
				.doesNotHaveBean(SvixWebhookVerifier.class));
	}

	@Test
	void handlersOfTheApplicationReplaceTheLibrarysOwnAndJoinThem() {
		this.contextRunner.withUserConfiguration(OwnHandlers.class).run((context) -> {
			assertThat(context).getBean(UserWebhookHandler.class).isSameAs(context.getBean("ownUserHandler"));
			assertThat(context.getBeansOfType(ClerkWebhookHandler.class)).containsOnlyKeys("ownUserHandler",
					"clerkSessionWebhookHandler", "emailHandler", "welcomeHandler");
		});
	}

	/**
	 * webhooks.md: the library's handlers run before the application's, which see what
	 * they stored; a handler that replaces the library's user handler keeps its place.
	 */
	@Test
	void aHandlerThatReplacesTheLibrarysRunsBeforeTheApplicationsOthers() {
		this.contextRunner.withUserConfiguration(OwnHandlers.class).run((context) -> {
			ClerkEvent sent = ClerkEvents.userCreated(ClerkData.user("user_welcome").email("welcome@example.com"));
			JsonNode payload = JsonMapper.shared().readTree(sent.toJson());
			WebhookResult result = context.getBean(ClerkWebhookProcessor.class)
				.process(new ClerkWebhookEvent(sent.messageId(), "user.created", payload.path("data"), payload, null,
						null));
			assertThat(result.status()).as(String.valueOf(result)).isEqualTo(WebhookResult.Status.PROCESSED);
			assertThat(context.getBean(OwnHandlers.class).welcomed).containsExactly("welcome@example.com");
		});
	}

	/**
	 * Black-box run 179: a secret of the wrong form set through Clerk's environment
	 * variable alone was reported under the property only; the action names both.
	 */
	@Test
	void aPlaceholderSigningSecretStopsTheApplication() {
		for (String secret : new String[] { "whsec_test_mock_signing_key", "not_a_whsec_secret", "whsec_replace_me",
				"whsec_not*base64" }) {
			this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + secret)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOfSatisfying(ClerkConfigurationException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo("clerk.webhook.signing-secrets");
						assertThat(ex.getAction()).as(secret).contains("CLERK_WEBHOOK_SIGNING_SECRET");
					}));
		}
	}

	/**
	 * A signing secret in quotes, as a Docker env-file keeps them, is refused for its
	 * quotes, not for lacking the whsec_ prefix (black-box run 223).
	 */
	@Test
	void aSigningSecretInQuotesIsRefusedSayingSo() {
		this.contextRunner
			.withPropertyValues("clerk.webhook.signing-secrets=\"" + ClerkWebhookSigner.TEST_SECRET + "\"")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("in quotes")
				.isInstanceOfSatisfying(ClerkConfigurationException.class, (ex) -> assertThat(ex.getAction())
					.contains("CLERK_WEBHOOK_SIGNING_SECRET", "Docker env-file")));
	}

	/**
	 * Svix issues secrets of 24 random bytes; a shorter one is accepted, since the
	 * signatures it makes are still checked, but the application says that it can be
	 * guessed, naming the property and never the secret.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSigningSecretShorterThanSvixIssuesIsAcceptedWithAWarning(CapturedOutput output) {
		String shortSecret = "whsec_" + Base64.getEncoder().encodeToString("short-secret".getBytes());
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + shortSecret)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SvixWebhookVerifier.class));
		assertThat(output).contains("clerk.webhook.signing-secrets holds a secret of 12 bytes")
			.contains("Svix issues 24")
			.doesNotContain(shortSecret.substring(6));
		int before = output.getAll().length();
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SvixWebhookVerifier.class));
		assertThat(output.getAll().substring(before)).doesNotContain("clerk.webhook.signing-secrets holds");
	}

	/**
	 * {@code clerk.webhook.signing-secrets=${CLERK_WEBHOOK_SIGNING_SECRET}} with the
	 * variable unset keeps the placeholder as the value: the application says so.
	 */
	@Test
	void aPlaceholderThatNothingResolvedStopsTheApplicationNamingIt() {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=${CLERK_USERS_TEST_UNSET_SECRET}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClerkConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("clerk.webhook.signing-secrets"))
				.hasMessageContaining("${CLERK_USERS_TEST_UNSET_SECRET}")
				.hasMessageContaining("nothing resolved"));
	}

	@Test
	void withoutTheUsersTableThereAreNoWebhooks() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkWebhookAutoConfiguration.class))
			.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkWebhookProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReceiver {

		@Bean
		ClerkWebhookReceiver ownReceiver(ClerkWebhookProcessor processor) {
			SvixWebhookVerifier verifier = new SvixWebhookVerifier(List.of(ClerkWebhookSigner.TEST_SECRET),
					Clock.systemUTC());
			return new ClerkWebhookReceiver(verifier, processor, 1024 * 1024);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandlers {

		final List<String> welcomed = new CopyOnWriteArrayList<>();

		/**
		 * Welcomes a new user, whom the user handler has stored before it runs, though it
		 * is declared before the application's replacement of that handler.
		 */
		@Bean
		ClerkWebhookHandler welcomeHandler(ClerkUserService users) {
			return new ClerkWebhookHandler() {

				@Override
				public boolean supports(String eventType) {
					return eventType.equals("user.created");
				}

				@Override
				public void handle(ClerkWebhookEvent event) {
					String clerkId = event.dataString("id").orElseThrow();
					OwnHandlers.this.welcomed
						.add(String.valueOf(users.findByClerkId(clerkId).orElseThrow().getEmail()));
				}

			};
		}

		@Bean
		UserWebhookHandler ownUserHandler(ClerkUserSynchronizer users, ApplicationEventPublisher events) {
			return new UserWebhookHandler(users, events, Clock.systemUTC());
		}

		@Bean
		ClerkWebhookHandler emailHandler() {
			return new ClerkWebhookHandler() {

				@Override
				public boolean supports(String eventType) {
					return eventType.equals("email.created");
				}

				@Override
				public void handle(ClerkWebhookEvent event) {
				}

			};
		}

	}

}
