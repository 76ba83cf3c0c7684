package dev.clerkusers.autoconfigure;

import org.springframework.util.ClassUtils;

/**
 * The sentence a failure analysis adds when the test kit ({@code clerk-users-test}) is on
 * the class path: the application then most likely fails in a test written without the
 * kit's annotation, where the production advice (export a secret key, start the database)
 * is not what to do.
 */
final class TestKitHint {

	/** A class of the test kit, named so that this module does not depend on it. */
	private static final String TEST_KIT_CLASS = "dev.clerkusers.test.context.AutoConfigureFakeClerk";

	private TestKitHint() {
	}

	/**
	 * The sentence naming the annotation, or nothing without the test kit.
	 * @param annotation the kit's annotation, as {@code @ClerkTestDatabase}
	 * @param effect what it does
	 * @return the sentence, with a leading space, or an empty string
	 */
	static String annotate(String annotation, String effect) {
		if (!ClassUtils.isPresent(TEST_KIT_CLASS, TestKitHint.class.getClassLoader())) {
			return "";
		}
		return " In a test, annotate the test class with " + annotation + " (clerk-users-test), " + effect + ".";
	}

}
