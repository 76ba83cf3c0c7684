package dev.clerkusers.autoconfigure;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.user.ClerkUserLoader;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ClerkUserLoader} of an application with the users table, the same on the
 * servlet and the reactive side: the principal of a token is the local user.
 */
@Configuration(proxyBeanMethods = false)
class ClerkUserLoaderConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClerkUserLoader clerkUserLoader(ClerkUserService users, ClerkUserSynchronizer synchronizer,
			ObjectProvider<ClerkApiClient> api, ClerkProperties properties) {
		ClerkApiClient client = api.getIfAvailable();
		return new ClerkUserLoader(users, synchronizer,
				(client != null) ? client.withRetryBudget(properties.getApi().getRequestRetryBudget()) : null,
				properties.getUsers().isCreateOnFirstRequest());
	}

}
