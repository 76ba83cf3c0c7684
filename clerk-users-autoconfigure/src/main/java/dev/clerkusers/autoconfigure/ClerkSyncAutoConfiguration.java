package dev.clerkusers.autoconfigure;

import java.time.Clock;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.command.PushUsersCommand;
import dev.clerkusers.command.SyncCommand;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkSyncStep;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.UserSyncStep;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of bulk sync and push, when the
 * Backend API client is configured: {@link ClerkSync} with every {@link ClerkSyncStep}
 * bean (users first), {@link ClerkUserPush}, the {@code sync} and {@code push-users}
 * commands.
 */
@AutoConfiguration(after = { ClerkApiAutoConfiguration.class, ClerkUsersAutoConfiguration.class },
		before = ClerkCommandAutoConfiguration.class)
@ConditionalOnBean({ ClerkApiClient.class, ClerkUserService.class })
public final class ClerkSyncAutoConfiguration {

	@Bean
	@Order(0)
	@ConditionalOnMissingBean
	UserSyncStep clerkUserSyncStep(ClerkApiClient api, ClerkUserSynchronizer users, ClerkUserRepository repository,
			PlatformTransactionManager transactionManager) {
		return new UserSyncStep(api, users, repository, transactionManager, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkSync clerkSync(ObjectProvider<ClerkSyncStep> steps) {
		return new ClerkSync(steps.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserPush clerkUserPush(ClerkApiClient api, ClerkUserService users, ClerkUserAccounts accounts,
			ClerkUserRepository repository) {
		return new ClerkUserPush(api, users, accounts, repository, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SyncCommand clerkSyncCommand(ClerkSync sync) {
		return new SyncCommand(sync);
	}

	@Bean
	@ConditionalOnMissingBean
	PushUsersCommand clerkPushUsersCommand(ClerkUserPush push) {
		return new PushUsersCommand(push);
	}

}
