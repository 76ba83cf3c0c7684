package dev.clerkusers.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console of a command run by an operator.
 */
class ClerkConsoleTests {

	/**
	 * A password piped to a command (standard input, no terminal) is read as UTF-8, as it
	 * is typed and piped today, whatever the JVM's default charset: Java 17 takes that
	 * from the locale, which is often POSIX (ASCII) in a container.
	 */
	@Test
	void standardInputIsReadAsUtf8WhateverTheDefaultCharset() throws IOException, InterruptedException {
		Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dfile.encoding=ISO-8859-1", "-cp", System.getProperty("java.class.path"), Probe.class.getName())
			.redirectErrorStream(true)
			.start();
		try (OutputStream in = probe.getOutputStream()) {
			in.write("pässwörd-€\n".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
		List<String> lines = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines()
			.toList();
		assertThat(lines).last().isEqualTo(codePoints("pässwörd-€"));
	}

	private static String codePoints(String text) {
		StringBuilder points = new StringBuilder();
		text.codePoints().forEach((point) -> points.append(String.format("U+%04X ", point)));
		return points.toString().trim();
	}

	/**
	 * Reads a password from the process's console and prints its code points.
	 */
	static final class Probe {

		private Probe() {
		}

		public static void main(String[] args) {
			char[] password = ClerkConsole.system().readPassword("");
			System.out.println();
			System.out.println(codePoints(new String((password != null) ? password : new char[0])));
		}

	}

}
