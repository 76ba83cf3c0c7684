package dev.clerkusers.autoconfigure;

import dev.clerkusers.command.ClerkCommand;
import dev.clerkusers.command.ClerkCommandRunner;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.command.CreateSuperuserCommand;
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
 * {@code --clerk.command=…}.
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
			ClerkConsole console) {
		return new ClerkCommandRunner(properties.getCommand(), commands.orderedStream().toList(), console);
	}

}
