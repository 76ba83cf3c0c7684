package dev.clerkusers.test.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.token.JwksKeySource;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Applies {@link AutoConfigureFakeClerk @AutoConfigureFakeClerk}.
 */
class FakeClerkContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureFakeClerk.class)
				? new FakeClerkContextCustomizer() : null;
	}

	/**
	 * Starts a fake for the context, registers it and its tokens as beans (and, with
	 * Spring Boot's {@code WebTestClient} support, a customizer that carries the tokens
	 * to {@code mutateWith(clerkUser(…))}), and sets the properties.
	 */
	static final class FakeClerkContextCustomizer implements ContextCustomizer {

		/** The property source's name, which the library's start-up warnings know too. */
		static final String PROPERTY_SOURCE_NAME = "fakeClerk";

		private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			// The instance that the kit's deliveries name unless bound to a fake.
			FakeClerkBackend clerk = FakeClerkBackend
				.start(ClerkTestTokens.forInstance(ClerkEvent.DEFAULT_INSTANCE_ID));
			context.getBeanFactory().registerSingleton("fakeClerkBackend", clerk);
			context.getBeanFactory().registerSingleton("clerkTestTokens", clerk.tokens());
			if (ClassUtils.isPresent(FakeClerkWebTestClientCustomizer.CUSTOMIZER_CLASS, context.getClassLoader())) {
				FakeClerkWebTestClientCustomizer.register(context.getBeanFactory(), clerk.tokens());
			}
			if (isAotProcessing()) {
				// Ahead-of-time processing needs the properties (conditions read them)
				// but never refreshes or closes the context: a running fake would keep
				// its JVM alive. At run time the customizer starts a fake of its own.
				clerk.close();
			}
			else {
				clerk.onReset(() -> forgetFailedKeyFetches(context));
				context.addApplicationListener((event) -> {
					if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
						clerk.close();
					}
				});
			}
			MapPropertySource properties = new MapPropertySource(PROPERTY_SOURCE_NAME, properties(clerk));
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			if (sources.contains(INLINED_TEST_PROPERTIES)) {
				sources.addAfter(INLINED_TEST_PROPERTIES, properties);
			}
			else {
				sources.addFirst(properties);
			}
		}

		/**
		 * Makes the application's key sources forget a failed fetch, which would
		 * otherwise hold back the next fetch (five seconds without keys): a failure a
		 * test injected into the fake must not answer the next test's tokens. A source
		 * that failed starts over, its keys forgotten too, as at a first start; one whose
		 * fetches have not failed keeps its keys.
		 */
		private static void forgetFailedKeyFetches(ConfigurableApplicationContext context) {
			if (!context.isActive()) {
				return;
			}
			context.getBeanProvider(JwksKeySource.class).forEach((keys) -> {
				if (keys.state().lastFailureAt() != null) {
					keys.clear();
				}
			});
		}

		/**
		 * Whether the context is being processed ahead of time (Spring's AOT processors
		 * set this system property while they run).
		 * @return {@code true} during {@code process-aot} and {@code process-test-aot}
		 */
		static boolean isAotProcessing() {
			return Boolean.getBoolean("spring.aot.processing");
		}

		static Map<String, Object> properties(FakeClerkBackend clerk) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("clerk.secret-key", clerk.secretKey());
			properties.put("clerk.api.url", clerk.apiUrl());
			// The deprecated name too: the application's own code may still read it.
			properties.put("clerk.api-url", clerk.apiUrl());
			properties.put("clerk.publishable-key", FakeClerkProperties.publishableKey(clerk.tokens().issuer()));
			properties.put("clerk.issuer", clerk.tokens().issuer());
			properties.put("clerk.jwt-key", "");
			properties.put("clerk.authorized-parties", clerk.tokens().authorizedParty());
			properties.put("clerk.frontend-hosts", "");
			properties.put("clerk.webhook.signing-secrets", ClerkWebhookSigner.TEST_SECRET);
			return properties;
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
