package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.actuate.ClerkInvalidationHealthIndicator;
import dev.clerkusers.actuate.ClerkKeysHealthIndicator;
import dev.clerkusers.actuate.ClerkWebhooksHealthIndicator;
import dev.clerkusers.mirror.PostgresCacheInvalidation;
import dev.clerkusers.token.ClerkKeySource;
import dev.clerkusers.token.JwksKeySource;
import dev.clerkusers.webhook.ClerkWebhookInbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code clerk} health
 * contributor, when Actuator's health support is present and
 * {@code management.health.clerk.enabled} is not {@code false}. It groups, as far as the
 * application has them:
 * <ul>
 * <li>{@code keys}: the keys fetched from Clerk ({@link ClerkKeysHealthIndicator});</li>
 * <li>{@code webhooks}: failed and unprocessed events
 * ({@link ClerkWebhooksHealthIndicator}, {@code clerk.health.webhooks.*});</li>
 * <li>{@code invalidation}: the listener of other instances' cache evictions
 * ({@link ClerkInvalidationHealthIndicator}).</li>
 * </ul>
 * No health check calls Clerk.
 */
@AutoConfiguration(after = { ClerkTokenAutoConfiguration.class, ClerkUsersAutoConfiguration.class,
		ClerkWebhookAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("clerk")
public final class ClerkHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clerkHealthContributor")
	HealthContributor clerkHealthContributor(ClerkProperties properties, ObjectProvider<ClerkKeySource> keySources,
			ObjectProvider<ClerkWebhookInbox> inboxes, ObjectProvider<PostgresCacheInvalidation> invalidations) {
		Clock clock = Clock.systemUTC();
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		if (keySources.getIfUnique() instanceof JwksKeySource jwks) {
			contributors.put("keys", new ClerkKeysHealthIndicator(jwks, clock));
		}
		inboxes.ifUnique((inbox) -> {
			ClerkProperties.Health.Webhooks webhooks = properties.getHealth().getWebhooks();
			contributors.put("webhooks", new ClerkWebhooksHealthIndicator(inbox, webhooks.getMaxUnprocessedAge(),
					new Status(webhooks.getStatus()), clock));
		});
		invalidations.ifUnique(
				(invalidation) -> contributors.put("invalidation", new ClerkInvalidationHealthIndicator(invalidation)));
		return CompositeHealthContributor.fromMap(contributors);
	}

}
