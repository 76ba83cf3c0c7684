package dev.clerkusers.it.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.clerkusers.command.ClerkCommand;
import dev.clerkusers.command.ClerkCommandRunner;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the library's commands in two ways. {@link #run} runs one inside a test's
 * application context, as {@link ClerkCommandRunner} runs it once an application has
 * started: the same runner, commands, option checks and exit statuses, without starting
 * an application for each run. {@link #runApplication} starts the whole test application
 * as an operator would, with {@code --clerk.command=…} on its command line, on the same
 * database and fake backend; it closes itself after the command.
 */
final class Commands {

	private final ApplicationContext context;

	Commands(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Runs the command named by the {@code --clerk.command} argument with the context's
	 * commands.
	 * @param console the console the command reads from and prints to
	 * @param args the command line, {@code --clerk.command=…} included
	 */
	void run(ClerkConsole console, String... args) {
		ApplicationArguments arguments = new DefaultApplicationArguments(args);
		List<String> named = arguments.getOptionValues("clerk.command");
		@Nullable String name = (named != null && !named.isEmpty()) ? named.get(0) : null;
		List<ClerkCommand> commands = this.context.getBeanProvider(ClerkCommand.class).orderedStream().toList();
		ClerkCommandRunner runner = new ClerkCommandRunner(name, commands, console);
		runner.setApplicationContext(this.context);
		runner.run(arguments);
	}

	/**
	 * Starts the test application with the given command line, on the context's database
	 * and, when the context has one, its fake backend.
	 * @param console the console the command reads from and prints to
	 * @param args the command line
	 * @return the application's context, closed when the command ran
	 */
	ConfigurableApplicationContext runApplication(ClerkConsole console, String... args) {
		return runApplication(console, new Class<?>[] { TestApplication.class }, args);
	}

	/**
	 * Starts an application of the given sources with the given command line, on the
	 * context's database and, when the context has one, its fake backend.
	 * @param console the console the command reads from and prints to
	 * @param sources the application's sources
	 * @param args the command line
	 * @return the application's context, closed when the command ran
	 */
	ConfigurableApplicationContext runApplication(ClerkConsole console, Class<?>[] sources, String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		this.context.getBeanProvider(FakeClerkBackend.class).ifAvailable((clerk) -> {
			for (Map.Entry<String, Object> property : FakeClerkProperties.of(clerk).entrySet()) {
				arguments.add("--" + property.getKey() + "=" + property.getValue());
			}
		});
		JdbcConnectionDetails database = this.context.getBean(JdbcConnectionDetails.class);
		arguments.add("--spring.datasource.url=" + database.getJdbcUrl());
		arguments.add("--spring.datasource.username=" + database.getUsername());
		if (database.getPassword() != null) {
			arguments.add("--spring.datasource.password=" + database.getPassword());
		}
		return new SpringApplicationBuilder(sources)
			.initializers((application) -> application.getBeanFactory().registerSingleton("clerkConsole", console))
			.run(arguments.toArray(String[]::new));
	}

}
