package dev.clerkusers.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * The sentence a failure analysis adds when the test kit ({@code clerk-users-test}) is on
 * the class path: the application then most likely fails in a test written without the
 * kit's annotation, where the production advice (export a secret key, start the database)
 * is not what to do. Also tells a property that the kit's annotation set, which a
 * start-up warning must not tell the test's author to remove.
 */
final class TestKitHint {

	/** A class of the test kit, named so that this module does not depend on it. */
	private static final String TEST_KIT_CLASS = "dev.clerkusers.test.context.AutoConfigureFakeClerk";

	/**
	 * The property source of {@code @AutoConfigureFakeClerk}, named so that this module
	 * does not depend on the kit.
	 */
	private static final String TEST_KIT_PROPERTY_SOURCE = "fakeClerk";

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

	/**
	 * The sentence naming {@code @ClerkTestDatabase}, for a failure without a database,
	 * or nothing without the test kit.
	 * @return the sentence, with a leading space, or an empty string
	 */
	static String testDatabase() {
		return annotate("@ClerkTestDatabase", "which gives the test a PostgreSQL database of its own");
	}

	/**
	 * Whether the value of a property is the one the test kit's
	 * {@code @AutoConfigureFakeClerk} set: the first property source that holds it
	 * (Spring Boot's view of the sources, without the one that joins them all) is the
	 * kit's.
	 * @param environment the environment
	 * @param property the property
	 * @return {@code true} when the kit set the value in effect
	 */
	static boolean isSetByTestKit(Environment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(name) != null) {
				return source.getUnderlyingSource() instanceof PropertySource<?> underlying
						&& TEST_KIT_PROPERTY_SOURCE.equals(underlying.getName());
			}
		}
		return false;
	}

}
