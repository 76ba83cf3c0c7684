package dev.clerkusers.api;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes usernames for users who need one and have none: a readable stem, an underscore
 * and random hexadecimal digits, so that collisions are rare and a retry almost always
 * finds a free name.
 */
public final class UsernameGenerator {

	private static final int STEM_LENGTH = 24;

	private UsernameGenerator() {
	}

	/**
	 * A username made of a prefix and 8 random hexadecimal digits.
	 * @param prefix the prefix, for example {@code user}
	 * @return a username such as {@code user_3f9a1c07}
	 */
	public static String withPrefix(String prefix) {
		return prefix + "_" + randomHex(8);
	}

	/**
	 * A username derived from an email: the local part in lower case, keeping letters,
	 * digits and underscores (at most 24 characters, {@code user} when nothing is left),
	 * an underscore, and 6 random hexadecimal digits.
	 * @param email the email
	 * @return a username such as {@code ada_lovelace_3f9a1c}
	 */
	public static String fromEmail(String email) {
		int at = email.indexOf('@');
		String local = ((at >= 0) ? email.substring(0, at) : email).toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "");
		if (local.isEmpty()) {
			local = "user";
		}
		if (local.length() > STEM_LENGTH) {
			local = local.substring(0, STEM_LENGTH);
		}
		return local + "_" + randomHex(6);
	}

	private static String randomHex(int digits) {
		byte[] random = new byte[(digits + 1) / 2];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random).substring(0, digits);
	}

}
