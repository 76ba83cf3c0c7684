package dev.clerkusers.command;

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
	 * One line saying what the command does, shown when an unknown command is asked for.
	 * @return the description
	 */
	String description();

	/**
	 * Runs the command.
	 * @param arguments the application's arguments; options such as {@code --email=…} are
	 * read from them
	 * @param console where to ask questions and print results
	 * @throws ClerkCommandException when the command fails; the application then exits
	 * with a non-zero status
	 */
	void run(ApplicationArguments arguments, ClerkConsole console);

}
