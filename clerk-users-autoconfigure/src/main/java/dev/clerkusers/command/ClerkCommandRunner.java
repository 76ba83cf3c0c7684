package dev.clerkusers.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.clerkusers.sync.SyncFailures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;

/**
 * Runs the command named by {@code clerk.command}, if any, once the application has
 * started, and then closes the application, once its start was announced to every
 * listener: it exits with status 0 when the command succeeded, and with the command's
 * non-zero status (see {@link ClerkCommandException}) when it failed. The application
 * stays a web application while the command runs, so that its own filter chains are
 * built, but opens no port that another application on the host may use (see
 * {@code clerk.command}).
 */
public class ClerkCommandRunner implements ApplicationRunner, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(ClerkCommandRunner.class);

	/**
	 * The logger of Spring Boot's condition evaluation report, which adds a hint to every
	 * run that ends with an exception.
	 */
	private static final String CONDITION_REPORT_LOGGER = "org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger";

	/** Options Spring Boot reads itself, without a dot in their name. */
	private static final Set<String> SPRING_OPTIONS = Set.of("debug", "trace");

	private static final String NOTHING_DONE = "nothing was done";

	private static final String USAGE_LINE = "Usage: ";

	private final @Nullable String commandName;

	private final Map<String, ClerkCommand> commands;

	private final ClerkConsole console;

	private Map<String, String> unavailable = Map.of();

	private @Nullable ApplicationContext context;

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
	 * @param unavailable what each command needs and is missing, by command name; for
	 * example {@code sync} needs {@code "clerk.secret-key, which is not set"}
	 */
	public void setUnavailableCommands(Map<String, String> unavailable) {
		this.unavailable = Map.copyOf(unavailable);
	}

	/**
	 * Sets the application's context, whose properties may be given on a command's
	 * command line beside its options.
	 * @param context the context
	 */
	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Whether an application is asked to run a command rather than serve requests:
	 * {@code clerk.command} names one, or the command line gives {@code --clerk.command}
	 * at all. An empty name there (a script's unset variable) is a command that does not
	 * exist, refused as such, never a request to serve; an empty value in the
	 * configuration files is no command.
	 * @param command the value of {@code clerk.command}, or {@code null}
	 * @param onCommandLine whether the command line gives {@code --clerk.command}
	 * @return {@code true} when a command is asked for
	 */
	public static boolean asksForACommand(@Nullable String command, boolean onCommandLine) {
		return onCommandLine || (command != null && !command.isBlank());
	}

	@Override
	public void run(ApplicationArguments args) {
		String name = (this.commandName != null) ? this.commandName : "";
		if (!asksForACommand(name, args.containsOption("clerk.command"))) {
			return;
		}
		try {
			runCommand(name, args);
		}
		catch (ClerkCommandException ex) {
			leaveOutConditionReportHint();
			throw ex;
		}
	}

	private void runCommand(String commandName, ApplicationArguments args) {
		String name = commandName.trim();
		ClerkCommand command = this.commands.get(name);
		String needs = this.unavailable.get(name);
		if (command == null && needs != null) {
			throw new ClerkCommandException("clerk.command '" + name + "' needs " + needs + "; nothing was done",
					ClerkCommandException.USAGE);
		}
		if (command == null) {
			throw new ClerkCommandException(unknown(commandName), ClerkCommandException.USAGE);
		}
		checkOptions(command, args);
		logger.info("Running clerk command '" + command.name() + "'");
		try {
			command.run(args, this.console);
		}
		catch (ClerkCommandException ex) {
			throw (ex.getExitCode() == ClerkCommandException.USAGE) ? withUsage(ex, command) : ex;
		}
		catch (RuntimeException ex) {
			String missingTable = MissingTable.describe(ex);
			throw new ClerkCommandException("clerk command '" + command.name() + "' failed: "
					+ ((missingTable != null) ? missingTable : SyncFailures.describe(ex)), ex);
		}
		this.ran = true;
	}

	/**
	 * The answer to a command that does not exist: the commands available, and those of
	 * the library this application cannot run, with what each needs.
	 */
	private String unknown(String commandName) {
		String newline = System.lineSeparator();
		StringBuilder message = new StringBuilder("Unknown clerk.command '").append(commandName).append("'. ");
		message.append(this.commands.isEmpty() ? "No command is available here." : "Available commands:");
		this.commands.values()
			.stream()
			.map((candidate) -> "  " + candidate.name() + ": " + candidate.description())
			.sorted()
			.forEach((line) -> message.append(newline).append(line));
		List<String> unavailable = this.unavailable.entrySet()
			.stream()
			.filter((entry) -> !this.commands.containsKey(entry.getKey()))
			.map((entry) -> "  " + entry.getKey() + ": needs " + entry.getValue())
			.sorted()
			.toList();
		if (!unavailable.isEmpty()) {
			message.append(newline).append("Not available here:");
			unavailable.forEach((line) -> message.append(newline).append(line));
		}
		return message.toString();
	}

	/**
	 * A failed command ends the application's run with an exception, as a failure to
	 * start would; Spring Boot then suggests re-running it with {@code debug} to see its
	 * condition evaluation report, which says nothing about a command. The command's own
	 * line (see {@link ClerkCommandFailureReporter}) is all that is reported.
	 */
	private void leaveOutConditionReportHint() {
		if (this.context != null) {
			this.context.getBeanProvider(LoggingSystem.class)
				.ifAvailable((logging) -> logging.setLogLevel(CONDITION_REPORT_LOGGER, LogLevel.WARN));
		}
	}

	/**
	 * Whether a command ran: the application closes once its start was announced.
	 * @return {@code true} after a command ran
	 */
	public boolean hasRun() {
		return this.ran;
	}

	/**
	 * Stops a command that declares its options before it runs, when an argument is none
	 * of them: an unknown option ({@code --dryrun}), one with a dot that is no property
	 * of the application ({@code --dry.run}), or an argument that is no option at all
	 * ({@code -dry-run}); or when one of them is given twice ({@code --dry-run
	 * --dry-run=false}), which would otherwise be settled silently.
	 */
	/**
	 * A usage error of the command's own (an option's value it refuses) answered as the
	 * runner's are: that nothing was done, and the usage line. A command refuses its
	 * options before it does anything.
	 */
	private static ClerkCommandException withUsage(ClerkCommandException ex, ClerkCommand command) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains(USAGE_LINE)) {
			return ex;
		}
		String done = message.endsWith(NOTHING_DONE) ? message : message + "; " + NOTHING_DONE;
		return new ClerkCommandException(done + ". " + USAGE_LINE + command.description(), ClerkCommandException.USAGE);
	}

	private void checkOptions(ClerkCommand command, ApplicationArguments args) {
		Set<String> accepted = command.options();
		if (accepted == null) {
			return;
		}
		PropertyRoots properties = PropertyRoots.of(this.context);
		List<String> unknown = args.getOptionNames()
			.stream()
			.filter((name) -> !SPRING_OPTIONS.contains(name) && !accepted.contains(name)
					&& !properties.isProperty(name))
			.sorted()
			.map((name) -> "--" + name)
			.toList();
		List<String> stray = args.getNonOptionArgs().stream().map((argument) -> "'" + argument + "'").toList();
		List<String> repeated = accepted.stream()
			.filter((name) -> Arrays.stream(args.getSourceArgs())
				.filter((argument) -> argument.equals("--" + name) || argument.startsWith("--" + name + "="))
				.count() > 1)
			.sorted()
			.map((name) -> "--" + name)
			.toList();
		List<String> problems = new ArrayList<>();
		if (!repeated.isEmpty()) {
			problems.add(((repeated.size() > 1) ? "Options given more than once: " : "Option given more than once: ")
					+ String.join(", ", repeated));
		}
		if (!unknown.isEmpty()) {
			problems.add(((unknown.size() > 1) ? "Unknown options " : "Unknown option ") + String.join(", ", unknown));
		}
		if (!stray.isEmpty()) {
			problems.add(((stray.size() > 1) ? "Unexpected arguments " : "Unexpected argument ")
					+ String.join(", ", stray) + " (options start with --)");
		}
		if (!problems.isEmpty()) {
			throw new ClerkCommandException(String.join("; ", problems) + " for '" + command.name() + "'; "
					+ NOTHING_DONE + ". " + USAGE_LINE + command.description(), ClerkCommandException.USAGE);
		}
	}

}
