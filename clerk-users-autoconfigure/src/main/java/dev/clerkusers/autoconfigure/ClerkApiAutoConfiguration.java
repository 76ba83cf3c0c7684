package dev.clerkusers.autoconfigure;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.ClerkApiTransport;
import dev.clerkusers.api.ClerkUserOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.client.RestClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Clerk's Backend API, when
 * {@code clerk.secret-key} is set: the {@link ClerkApiClient}, built on Spring Boot's
 * {@code RestClient.Builder} and HTTP client settings (so HTTP metrics, tracing, SSL
 * bundles and {@code RestClientCustomizer}s apply) and the
 * {@link ClerkRestClientCustomizer}s; and the {@link ClerkUserOperations}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration" })
@EnableConfigurationProperties(ClerkProperties.class)
@ImportRuntimeHints(ClerkApiRuntimeHints.class)
public final class ClerkApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnSecretKeyCondition.class)
	ClerkApiClient clerkApiClient(ClerkProperties properties, ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<ClerkRestClientCustomizer> customizers) {
		String secretKey = ClerkSettings.secretKey(properties);
		if (secretKey == null) {
			throw AheadOfTimeBuild.isActive()
					? AheadOfTimeBuild.unsetSinceBuild("clerk.secret-key",
							"the Backend API client (a new user's first request, sync, push, opaque machine tokens)")
					: new IllegalStateException("OnSecretKeyCondition matched without a secret key");
		}
		ClerkHttpClients clients = new ClerkHttpClients(builders, requestFactoryBuilders, settings, customizers);
		ClerkApiTransport transport = ClerkApiTransport.builder(properties.getApi().getUrl(), secretKey)
			.restClientBuilder(clients.restClientBuilder())
			.requestFactory(clients.requestFactory(properties.getApi().getTimeout()))
			.apiVersion(properties.getApi().getVersion())
			.maxRetries(properties.getApi().getMaxRetries())
			.maxRetryWait(properties.getApi().getMaxRetryWait())
			.customizer(clients::customize)
			.build();
		return new ClerkApiClient(transport);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClerkApiClient.class)
	ClerkUserOperations clerkUserOperations(ClerkApiClient api) {
		return new ClerkUserOperations(api);
	}

	/**
	 * Matches when {@code clerk.secret-key} has a non-blank value.
	 */
	static final class OnSecretKeyCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return ClerkSettings.isSet(context.getEnvironment(), "clerk.secret-key")
					? ConditionOutcome.match("clerk.secret-key is set")
					: ConditionOutcome.noMatch("clerk.secret-key is not set");
		}

	}

}
