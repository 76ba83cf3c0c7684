package dev.clerkusers.test.context;

import dev.clerkusers.test.security.ClerkWebTestClientConfigurers;
import dev.clerkusers.test.token.ClerkTestTokens;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Lets Spring Boot's auto-configured {@link WebTestClient} carry the fake's
 * {@link ClerkTestTokens} in the request attribute
 * {@link ClerkWebTestClientConfigurers#TOKENS_ATTRIBUTE}, where
 * {@code mutateWith(clerkUser(…))} finds them when the client is bound to a running
 * server. Registered only when {@code spring-boot-webtestclient} is on the class path.
 */
final class FakeClerkWebTestClientCustomizer implements WebTestClientBuilderCustomizer {

	static final String BEAN_NAME = "fakeClerkWebTestClientCustomizer";

	/**
	 * The class whose presence allows this one to load.
	 */
	static final String CUSTOMIZER_CLASS = "org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer";

	private final ClerkTestTokens tokens;

	private FakeClerkWebTestClientCustomizer(ClerkTestTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * Registers a customizer for these tokens. Call only when {@link #CUSTOMIZER_CLASS}
	 * is present: this class cannot load without it.
	 * @param beanFactory where to register it
	 * @param tokens the tokens
	 */
	static void register(ConfigurableListableBeanFactory beanFactory, ClerkTestTokens tokens) {
		beanFactory.registerSingleton(BEAN_NAME, new FakeClerkWebTestClientCustomizer(tokens));
	}

	@Override
	public void customize(WebTestClient.Builder builder) {
		builder.filter((request,
				next) -> next.exchange(ClientRequest.from(request)
					.attribute(ClerkWebTestClientConfigurers.TOKENS_ATTRIBUTE, this.tokens)
					.build()));
	}

}
