package dev.clerkusers.autoconfigure;

import dev.clerkusers.api.ClerkApiClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link ClerkApiClient}, when
 * {@code clerk.secret-key} is set.
 */
@AutoConfiguration
@EnableConfigurationProperties(ClerkProperties.class)
public final class ClerkApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnSecretKeyCondition.class)
	ClerkApiClient clerkApiClient(ClerkProperties properties) {
		String secretKey = ClerkSettings.secretKey(properties);
		if (secretKey == null) {
			throw new IllegalStateException("OnSecretKeyCondition matched without a secret key");
		}
		return ClerkApiClient.builder(properties.getApiUrl(), secretKey)
			.apiVersion(properties.getApiVersion())
			.timeout(properties.getApiTimeout())
			.maxRetries(properties.getApiMaxRetries())
			.maxRetryWait(properties.getApiMaxRetryWait())
			.build();
	}

	/**
	 * Matches when {@code clerk.secret-key} has a non-blank value.
	 */
	static final class OnSecretKeyCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String key = context.getEnvironment().getProperty("clerk.secret-key");
			return (key != null && !key.isBlank()) ? ConditionOutcome.match("clerk.secret-key is set")
					: ConditionOutcome.noMatch("clerk.secret-key is not set");
		}

	}

}
