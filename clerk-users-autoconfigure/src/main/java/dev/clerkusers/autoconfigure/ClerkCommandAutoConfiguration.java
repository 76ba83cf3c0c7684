package dev.clerkusers.autoconfigure;

import java.util.Map;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.command.ClerkCommand;
import dev.clerkusers.command.ClerkCommandRunner;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.command.CreateSuperuserCommand;
import dev.clerkusers.command.PushUsersCommand;
import dev.clerkusers.command.SyncCommand;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the commands run with
 * {@code --clerk.command=…}. Without the Backend API ({@code clerk.secret-key} not set),
 * asking for {@code sync} or {@code push-users} says that the key is missing.
 */
@AutoConfiguration(after = ClerkUsersAutoConfiguration.class)
@ConditionalOnBean(ClerkUserService.class)
public final class ClerkCommandAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClerkConsole clerkConsole() {
		return ClerkConsole.system();
	}

	@Bean
	@ConditionalOnMissingBean
	CreateSuperuserCommand createSuperuserCommand(ClerkUserAccounts accounts) {
		return new CreateSuperuserCommand(accounts);
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkCommandRunner clerkCommandRunner(ClerkProperties properties, ObjectProvider<ClerkCommand> commands,
			ClerkConsole console, ObjectProvider<ClerkApiClient> api) {
		ClerkCommandRunner runner = new ClerkCommandRunner(properties.getCommand(), commands.orderedStream().toList(),
				console);
		if (api.getIfAvailable() == null) {
			String needs = "clerk.secret-key (or the environment variable CLERK_SECRET_KEY) to call Clerk's Backend API";
			runner.setUnavailableCommands(Map.of(SyncCommand.NAME, needs, PushUsersCommand.NAME, needs));
		}
		return runner;
	}

}
