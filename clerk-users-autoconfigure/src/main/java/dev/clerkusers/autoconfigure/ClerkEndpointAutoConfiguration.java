package dev.clerkusers.autoconfigure;

import dev.clerkusers.actuate.ClerkPushEndpoint;
import dev.clerkusers.actuate.ClerkSyncEndpoint;
import dev.clerkusers.actuate.ClerkWebhooksEndpoint;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookProcessor;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of clerk-users' Actuator endpoints,
 * each when it is available (exposed and enabled): {@code clerkwebhooks} (the inbox, and
 * reprocessing failed events), {@code clerksync} and {@code clerkpush}.
 */
@AutoConfiguration(after = { ClerkWebhookAutoConfiguration.class, ClerkSyncAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class ClerkEndpointAutoConfiguration {

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
