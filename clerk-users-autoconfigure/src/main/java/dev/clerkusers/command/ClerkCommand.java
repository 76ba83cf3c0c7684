package dev.clerkusers.command;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;

/**
 * A command run with {@code --clerk.command=<name>}. Implement it as a bean to add
 * commands of your own.
 */
public interface ClerkCommand {

	/**
	 * The name given to {@code --clerk.command}.
	 * @return the name, for example {@code create-superuser}
	 */
	String name();

	/**
	 * One line saying what the command does and its options, shown when an unknown
	 * command is asked for, and as the usage line of a usage error.
	 * @return the description
	 */
	String description();

	/**
	 * Runs the command.
	 * @param arguments the application's arguments; options such as {@code --email=…} are
	 * read from them
	 * @param console where to ask questions and print results
	 * @throws ClerkCommandException when the command fails with an exit status of its own
	 * (a usage error, say: thrown before the command does anything, and reported with
	 * "nothing was done" and the command's usage line); any other exception (a sync that
	 * refuses to reconcile, an outage) fails it too, and the command runner reports it
	 * with exit status 1
	 */
	void run(ApplicationArguments arguments, ClerkConsole console);

	/**
	 * The options the command accepts, without their leading {@code --}. Any other option
	 * (a typo such as {@code --dryrun} or {@code --dry.run}) and any argument that is no
	 * option ({@code -dry-run}) stop the command before it runs, with exit status
	 * {@link ClerkCommandException#USAGE}. Properties of the application are left to it:
	 * options with a dot in their name under {@code spring.}, {@code server.},
	 * {@code logging.}, {@code management.} or {@code clerk.}, under the prefix of one of
	 * the application's {@code @ConfigurationProperties}, or under the first part of a
	 * property its configuration files set ({@code --clerk.command=…},
	 * {@code --spring.datasource.url=…}), and {@code --debug} and {@code --trace}.
	 * @return the options, or {@code null} (the default) to accept any
	 */
	default @Nullable Set<String> options() {
		return null;
	}

}
