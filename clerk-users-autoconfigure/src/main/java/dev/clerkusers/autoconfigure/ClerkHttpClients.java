package dev.clerkusers.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The HTTP clients of clerk-users, built from what Spring Boot configures: its
 * {@code RestClient.Builder} (observations, message converters, customizers), its HTTP
 * client library and settings (an SSL bundle, say) with clerk-users' own timeouts, then,
 * last, the {@link ClerkRestClientCustomizer}s.
 */
final class ClerkHttpClients {

	private final ObjectProvider<RestClient.Builder> builders;

	private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders;

	private final ObjectProvider<HttpClientSettings> settings;

	private final ObjectProvider<ClerkRestClientCustomizer> customizers;

	ClerkHttpClients(ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ClerkRestClientCustomizer> customizers) {
		this.builders = builders;
		this.requestFactoryBuilders = requestFactoryBuilders;
		this.settings = settings;
		this.customizers = customizers;
	}

	/**
	 * A new builder of Spring Boot's.
	 * @return the builder
	 */
	RestClient.Builder restClientBuilder() {
		return this.builders.getIfAvailable(RestClient::builder);
	}

	/**
	 * Applies the {@link ClerkRestClientCustomizer}s, last: after clerk-users' own
	 * settings, so that a customizer's request factory (one that goes through a proxy,
	 * say) is the one its client sends with.
	 * @param builder the builder
	 */
	void customize(RestClient.Builder builder) {
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
	}

	/**
	 * A request factory with a connect and read timeout, which follows no redirect: the
	 * secret key is sent with every call, and must reach Clerk only (an HTTP client that
	 * follows a redirect sends it to wherever the redirect points). Clerk's endpoints do
	 * not redirect; an answer that does is an answer that failed.
	 * @param timeout the timeout
	 * @return the request factory
	 */
	ClientHttpRequestFactory requestFactory(Duration timeout) {
		ClientHttpRequestFactoryBuilder<?> builder = this.requestFactoryBuilders
			.getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
		HttpClientSettings settings = this.settings.getIfAvailable(HttpClientSettings::defaults)
			.withTimeouts(timeout, timeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		return builder.build(settings);
	}

}
