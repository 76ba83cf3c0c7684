package dev.clerkusers.it.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.clerkusers.command.ClerkConsole;
import org.jspecify.annotations.Nullable;

/**
 * A console that answers from a script and records what was asked and printed.
 */
final class ScriptedConsole implements ClerkConsole {

	final Deque<String> answers = new ArrayDeque<>();

	final List<String> transcript = new ArrayList<>();

	/** Whether it stands for a terminal, where passwords are not shown. */
	boolean terminal = true;

	ScriptedConsole(String... answers) {
		this.answers.addAll(List.of(answers));
	}

	/**
	 * A console without a terminal: standard input piped in.
	 */
	static ScriptedConsole piped(String... answers) {
		ScriptedConsole console = new ScriptedConsole(answers);
		console.terminal = false;
		return console;
	}

	@Override
	public boolean hidesPasswords() {
		return this.terminal;
	}

	@Override
	public @Nullable String readLine(String prompt) {
		this.transcript.add(prompt);
		return this.answers.poll();
	}

	@Override
	public char @Nullable [] readPassword(String prompt) {
		this.transcript.add(prompt);
		String answer = this.answers.poll();
		return (answer != null) ? answer.toCharArray() : null;
	}

	@Override
	public void println(String line) {
		this.transcript.add(line);
	}

}
