package dev.clerkusers.command;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Where a command asks its questions and prints its results. The default reads the
 * terminal, without echo for passwords, or standard input when there is no terminal (so
 * that input can be piped in); tests supply their own.
 */
public interface ClerkConsole {

	/**
	 * Asks for a line of text.
	 * @param prompt the question
	 * @return the answer, or {@code null} at the end of input
	 */
	@Nullable String readLine(String prompt);

	/**
	 * Asks for a secret, without echoing it when a terminal is attached.
	 * @param prompt the question
	 * @return the answer, or {@code null} at the end of input
	 */
	char @Nullable [] readPassword(String prompt);

	/**
	 * Prints a line.
	 * @param line the text
	 */
	void println(String line);

	/**
	 * Whether {@link #readPassword(String)} keeps what is typed from being shown: a
	 * terminal. A command that reads a password refuses to ask for it where it would be
	 * echoed.
	 * @return {@code true} on a terminal
	 */
	default boolean hidesPasswords() {
		return false;
	}

	/**
	 * The console of this process.
	 * @return a console on the terminal, or on standard input and output when there is no
	 * terminal
	 */
	static ClerkConsole system() {
		Console console = System.console();
		return (console != null && TerminalConsole.isTerminal(console)) ? new TerminalConsole(console)
				: new StreamConsole(System.out);
	}

	/**
	 * A console on the process terminal.
	 */
	final class TerminalConsole implements ClerkConsole {

		private final Console console;

		TerminalConsole(Console console) {
			this.console = console;
		}

		/**
		 * Whether the console is attached to a terminal. From Java 22 on,
		 * {@code System.console()} answers even when input is redirected, and
		 * {@code Console.isTerminal()} tells the difference.
		 */
		static boolean isTerminal(Console console) {
			try {
				Object terminal = Console.class.getMethod("isTerminal").invoke(console);
				return Boolean.TRUE.equals(terminal);
			}
			catch (NoSuchMethodException ex) {
				return true;
			}
			catch (ReflectiveOperationException ex) {
				return false;
			}
		}

		@Override
		public @Nullable String readLine(String prompt) {
			return this.console.readLine("%s", prompt);
		}

		@Override
		public char @Nullable [] readPassword(String prompt) {
			return this.console.readPassword("%s", prompt);
		}

		@Override
		public boolean hidesPasswords() {
			return true;
		}

		@Override
		public void println(String line) {
			this.console.printf("%s%n", line);
			this.console.flush();
		}

	}

	/**
	 * A console on standard input, read as UTF-8 (as text is piped today, and as Java 18
	 * and later read it by default; Java 17 takes its default from the locale, often
	 * POSIX's ASCII in a container, which would garble a password), and an output stream.
	 */
	final class StreamConsole implements ClerkConsole {

		private final BufferedReader in;

		private final PrintStream out;

		StreamConsole(PrintStream out) {
			this.in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			this.out = out;
		}

		@Override
		public @Nullable String readLine(String prompt) {
			this.out.print(prompt);
			this.out.flush();
			try {
				return this.in.readLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public char @Nullable [] readPassword(String prompt) {
			String line = readLine(prompt);
			this.out.println();
			return (line != null) ? line.toCharArray() : null;
		}

		@Override
		public void println(String line) {
			this.out.println(line);
		}

	}

}
