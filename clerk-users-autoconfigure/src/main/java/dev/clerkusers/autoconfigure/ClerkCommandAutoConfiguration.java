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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the commands run with
 * {@code --clerk.command=…}. Without the users table, asking for any command says that it
 * needs the table, rather than leave an application that opens no port running; without
 * the Backend API ({@code clerk.secret-key} not set), asking for {@code sync} or
 * {@code push-users} says that the key is missing.
 */
@AutoConfiguration(after = { ClerkUsersAutoConfiguration.class, ClerkSyncAutoConfiguration.class })
@EnableConfigurationProperties(ClerkProperties.class)
public final class ClerkCommandAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClerkConsole clerkConsole() {
		return ClerkConsole.system();
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkCommandRunner clerkCommandRunner(ClerkProperties properties, ObjectProvider<ClerkCommand> commands,
			ClerkConsole console, ObjectProvider<ClerkApiClient> api, ObjectProvider<ClerkUserService> users) {
		ClerkCommandRunner runner = new ClerkCommandRunner(properties.getCommand(), commands.orderedStream().toList(),
				console);
		if (users.getIfAvailable() == null) {
			String needs = "the users table (Spring Data JPA and a DataSource), which this application runs without";
			runner.setUnavailableCommands(
					Map.of(SyncCommand.NAME, needs, PushUsersCommand.NAME, needs, CreateSuperuserCommand.NAME, needs));
		}
		else if (api.getIfAvailable() == null) {
			String needs = (AheadOfTimeBuild.isActive() && ClerkSettings.secretKey(properties) != null)
					? "the Backend API client, " + AheadOfTimeBuild.leftOutBecauseUnset("clerk.secret-key")
					: "clerk.secret-key (or the environment variable CLERK_SECRET_KEY) to call Clerk's Backend"
							+ " API, which is not set";
			runner.setUnavailableCommands(Map.of(SyncCommand.NAME, needs, PushUsersCommand.NAME, needs));
		}
		return runner;
	}

	/**
	 * The command of the users table that needs nothing else.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ClerkUserService.class)
	static class LocalCommandsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CreateSuperuserCommand createSuperuserCommand(ClerkUserAccounts accounts) {
			return new CreateSuperuserCommand(accounts);
		}

	}

}
