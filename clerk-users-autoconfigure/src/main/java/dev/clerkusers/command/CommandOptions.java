package dev.clerkusers.command;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;

/**
 * Reads the options of a command: {@code --flag}, {@code --flag=true|false},
 * {@code --name=value}.
 */
final class CommandOptions {

	private final ApplicationArguments arguments;

	CommandOptions(ApplicationArguments arguments) {
		this.arguments = arguments;
	}

	boolean flag(String name) {
		if (!this.arguments.containsOption(name)) {
			return false;
		}
		List<String> values = this.arguments.getOptionValues(name);
		if (values == null || values.isEmpty()) {
			return true;
		}
		String value = values.get(0).trim();
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw new ClerkCommandException("--" + name + " takes no value, or true or false; not '" + value + "'",
				ClerkCommandException.USAGE);
	}

	/**
	 * The value of an option, or {@code null} when it is not given; given without a value
	 * ({@code --limit}, {@code --limit=}), it stops the command rather than leaving it to
	 * its widest default (a script's {@code --limit=$N} with {@code N} unset).
	 */
	@Nullable String value(String name) {
		List<String> values = this.arguments.getOptionValues(name);
		if (values == null) {
			return null;
		}
		if (values.isEmpty() || values.get(0).isBlank()) {
			throw new ClerkCommandException("--" + name + " needs a value; nothing was done",
					ClerkCommandException.USAGE);
		}
		return values.get(0).trim();
	}

	/**
	 * The value of an option that is a count or a position, or {@code null} when it is
	 * not given; one that is not a whole number, or beyond {@code int}, stops the command
	 * with the rule it breaks.
	 */
	@Nullable Integer number(String name) {
		String value = value(name);
		if (value == null) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			// The commands' numbers are counts and positions, none of them negative.
			String rule = !value.matches("[+-]?[0-9]+") ? "must be a number"
					: value.startsWith("-") ? "must not be negative" : "must be at most " + Integer.MAX_VALUE;
			throw new ClerkCommandException("--" + name + " " + rule + ", not '" + value + "'",
					ClerkCommandException.USAGE);
		}
	}

}
