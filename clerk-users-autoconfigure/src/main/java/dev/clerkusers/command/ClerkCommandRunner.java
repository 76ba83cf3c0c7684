package dev.clerkusers.command;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the command named by {@code clerk.command}, if any, once the application has
 * started, and then closes the application: it exits with status 0 when the command
 * succeeded, and with the command's non-zero status (see {@link ClerkCommandException})
 * when it failed.
 */
public class ClerkCommandRunner implements ApplicationRunner, ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(ClerkCommandRunner.class);

	/** Options Spring Boot reads itself, without a dot in their name. */
	private static final Set<String> SPRING_OPTIONS = Set.of("debug", "trace");

	private final @Nullable String commandName;

	private final Map<String, ClerkCommand> commands;

	private final ClerkConsole console;

	private Map<String, String> unavailable = Map.of();

	private volatile boolean ran;

	/**
	 * Creates a runner.
	 * @param commandName the command to run, or {@code null} to run none
	 * @param commands the available commands
	 * @param console the console given to the command
	 */
	public ClerkCommandRunner(@Nullable String commandName, List<ClerkCommand> commands, ClerkConsole console) {
		this.commandName = commandName;
		this.commands = commands.stream()
			.collect(Collectors.toMap(ClerkCommand::name, Function.identity(), (first, second) -> first));
		this.console = console;
	}

	/**
	 * Names the commands that exist but cannot run in this application's configuration,
	 * each with what it needs, so that asking for one says what to set rather than that
	 * the command is unknown.
	 * @param unavailable what each command needs, by command name; for example
	 * {@code sync} needs {@code clerk.secret-key}
	 */
	public void setUnavailableCommands(Map<String, String> unavailable) {
		this.unavailable = Map.copyOf(unavailable);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.commandName == null || this.commandName.isBlank()) {
			return;
		}
		String name = this.commandName.trim();
		ClerkCommand command = this.commands.get(name);
		String needs = this.unavailable.get(name);
		if (command == null && needs != null) {
			throw new ClerkCommandException(
					"clerk.command '" + name + "' needs " + needs + ", which is not set; " + "nothing was done",
					ClerkCommandException.USAGE);
		}
		if (command == null) {
			String available = this.commands.values()
				.stream()
				.map((candidate) -> "  " + candidate.name() + ": " + candidate.description())
				.sorted()
				.collect(Collectors.joining(System.lineSeparator()));
			throw new ClerkCommandException("Unknown clerk.command '" + this.commandName + "'. Available commands:"
					+ System.lineSeparator() + available, ClerkCommandException.USAGE);
		}
		checkOptions(command, args);
		logger.info("Running clerk command '" + command.name() + "'");
		try {
			command.run(args, this.console);
		}
		catch (ClerkCommandException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new ClerkCommandException("clerk command '" + command.name() + "' failed: " + ex.getMessage(), ex);
		}
		this.ran = true;
	}

	/**
	 * Closes the application after a command ran, so that the process exits.
	 * @param event the event saying the application is ready
	 */
	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (this.ran) {
			ConfigurableApplicationContext context = event.getApplicationContext();
			SpringApplication.exit(context);
		}
	}

	private static void checkOptions(ClerkCommand command, ApplicationArguments args) {
		Set<String> accepted = command.options();
		if (accepted == null) {
			return;
		}
		List<String> unknown = args.getOptionNames()
			.stream()
			.filter((name) -> !name.contains(".") && !SPRING_OPTIONS.contains(name) && !accepted.contains(name))
			.sorted()
			.toList();
		if (!unknown.isEmpty()) {
			throw new ClerkCommandException(
					"Unknown option" + ((unknown.size() > 1) ? "s " : " ")
							+ unknown.stream().map((name) -> "--" + name).collect(Collectors.joining(", ")) + " for '"
							+ command.name() + "'; nothing was done. Usage: " + command.description(),
					ClerkCommandException.USAGE);
		}
	}

}
