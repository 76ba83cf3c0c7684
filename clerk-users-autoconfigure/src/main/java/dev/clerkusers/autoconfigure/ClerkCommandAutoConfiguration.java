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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 * {@code push-users} says that the key is missing; left out by an ahead-of-time build
 * while the run sets the key, start-up warns so.
 */
@AutoConfiguration(after = { ClerkUsersAutoConfiguration.class, ClerkSyncAutoConfiguration.class })
@EnableConfigurationProperties(ClerkProperties.class)
public final class ClerkCommandAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkCommandAutoConfiguration.class);

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
		boolean apiLeftOutByBuild = api.getIfAvailable() == null && AheadOfTimeBuild.isActive()
				&& ClerkSettings.secretKey(properties) != null;
		if (apiLeftOutByBuild) {
			// Said at start-up by a bean every application has, not only when a command
			// runs.
			logger.warn(AheadOfTimeBuild.setSinceBuild("clerk.secret-key", "there is no Backend API client, so"
					+ " opaque machine tokens cannot be verified, a new user's first request creates the user from its"
					+ " token only, and sync and push refuse to run"));
		}
		if (users.getIfAvailable() == null) {
			String needs = "the users table (Spring Data JPA and a DataSource), which this application runs without";
			runner.setUnavailableCommands(
					Map.of(SyncCommand.NAME, needs, PushUsersCommand.NAME, needs, CreateSuperuserCommand.NAME, needs));
		}
		else if (api.getIfAvailable() == null) {
			String needs = apiLeftOutByBuild
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
