package dev.clerkusers.token;

import org.jspecify.annotations.Nullable;

/**
 * Values from a token's header ({@code kid}, {@code typ}, {@code alg}, {@code cat}) are
 * read before the signature is checked: anyone can write them. Before they reach a
 * message or a log line their control characters are escaped (no forged log lines) and
 * they are cut to a bounded length.
 */
final class LogSafe {

	static final int MAX_LENGTH = 64;

	private LogSafe() {
	}

	/**
	 * The value, safe for a log line.
	 * @param value the value read from a token, or {@code null}
	 * @return the value with control characters escaped as {@code \\uXXXX}, cut to
	 * {@value #MAX_LENGTH} characters
	 */
	static String value(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		String text = value.toString();
		StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
		for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				safe.append(String.format("\\u%04x", (int) c));
			}
			else {
				safe.append(c);
			}
		}
		if (text.length() > MAX_LENGTH) {
			safe.append('…');
		}
		return safe.toString();
	}

}
