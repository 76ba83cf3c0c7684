package dev.clerkusers.autoconfigure;

import java.util.Locale;

import dev.clerkusers.actuate.ClerkOperationOptionsAdvisor;
import dev.clerkusers.actuate.ClerkPushEndpoint;
import dev.clerkusers.actuate.ClerkSyncEndpoint;
import dev.clerkusers.actuate.ClerkWebhooksEndpoint;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookProcessor;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of clerk-users' Actuator endpoints,
 * each when it is available (exposed and enabled): {@code clerkwebhooks} (the inbox, and
 * reprocessing failed events), {@code clerksync} and {@code clerkpush}.
 */
@AutoConfiguration(after = { ClerkWebhookAutoConfiguration.class, ClerkSyncAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ImportRuntimeHints(ClerkEndpointRuntimeHints.class)
public final class ClerkEndpointAutoConfiguration {

	/**
	 * Masks the library's secrets in {@code /actuator/env} and
	 * {@code /actuator/configprops} even where values are shown ({@code show-values}):
	 * the secret key, the webhook signing secrets, the JWT key, and Clerk's environment
	 * variables for them.
	 * @return the sanitizing function
	 */
	@Bean
	static SanitizingFunction clerkSecretsSanitizingFunction() {
		// Keys as the environment (clerk.secret-key, CLERK_SECRET_KEY) and the bound
		// properties (secretKey, signingSecrets[0]) name them.
		return SanitizingFunction.sanitizeValue().ifKeyMatches((key) -> {
			String name = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
			return name.contains("secretkey") || name.contains("signingsecret") || name.contains("jwtkey");
		});
	}

	/**
	 * Refuses an option that an operation of the library's endpoints does not know,
	 * before it runs.
	 * @return the advisor
	 */
	@Bean
	static ClerkOperationOptionsAdvisor clerkOperationOptionsAdvisor() {
		return new ClerkOperationOptionsAdvisor(ClerkOperatorEndpoints.IDS);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ClerkWebhookInbox.class, ClerkWebhookProcessor.class })
	@ConditionalOnAvailableEndpoint(ClerkWebhooksEndpoint.class)
	ClerkWebhooksEndpoint clerkWebhooksEndpoint(ClerkWebhookInbox inbox, ClerkWebhookProcessor processor) {
		return new ClerkWebhooksEndpoint(inbox, processor);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClerkSync.class)
	@ConditionalOnAvailableEndpoint(ClerkSyncEndpoint.class)
	ClerkSyncEndpoint clerkSyncEndpoint(ClerkSync sync) {
		return new ClerkSyncEndpoint(sync);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClerkUserPush.class)
	@ConditionalOnAvailableEndpoint(ClerkPushEndpoint.class)
	ClerkPushEndpoint clerkPushEndpoint(ClerkUserPush push) {
		return new ClerkPushEndpoint(push);
	}

}
