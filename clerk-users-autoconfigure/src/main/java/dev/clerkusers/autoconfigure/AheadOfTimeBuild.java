package dev.clerkusers.autoconfigure;

import org.springframework.aot.AotDetector;

/**
 * What an application processed ahead of time (AOT) says when the properties it runs with
 * contradict a choice its build made: AOT processing evaluates the auto-configurations'
 * conditions once, when the application is built, and keeps the beans it chose (black-box
 * run 326: the messages blamed a property that was set, or named a condition class).
 */
final class AheadOfTimeBuild {

	private static final String SEE = " (see \"AOT and native images\" in clerk-users' operations guide)";

	private AheadOfTimeBuild() {
	}

	/**
	 * Whether the application runs the bean definitions of an AOT build.
	 * @return {@code true} when it does
	 */
	static boolean isActive() {
		return AotDetector.useGeneratedArtifacts();
	}

	/**
	 * The failure of a bean the build chose because a property was set, which the run
	 * does not set.
	 * @param property the property
	 * @param choice what the build chose because of it
	 * @return the exception to throw
	 */
	static ClerkConfigurationException unsetSinceBuild(String property, String choice) {
		return new ClerkConfigurationException(property,
				property + " is not set, but this application was processed ahead of time (AOT) with it set, and "
						+ "its build chose " + choice,
				"Set " + property + " as the build had it, or build the application again with the configuration it"
						+ " runs with" + SEE + ".");
	}

	/**
	 * What to say of a part the build left out because a property was not set, which the
	 * run sets: a clause that follows the part's name.
	 * @param property the property
	 * @return the clause
	 */
	static String leftOutBecauseUnset(String property) {
		return "which this application's ahead-of-time (AOT) build left out, as " + property
				+ " was not set there (it is now): build the application again with it set" + SEE;
	}

	/**
	 * What to say of a setting the run has, which the build had not, and which the
	 * build's choice ignores.
	 * @param setting the setting, as {@code clerk.webhook.enabled=false}
	 * @param consequence what holds all the same
	 * @return the text
	 */
	static String changedSinceBuild(String setting, String consequence) {
		return "The application runs with " + setting + ", but was processed ahead of time (AOT) without it: "
				+ consequence + ". Build it again with " + setting + SEE + ".";
	}

	/**
	 * What to say of a property the run sets, which the build did not: the build left out
	 * what it would have chosen.
	 * @param property the property
	 * @param consequence what is missing for it
	 * @return the text
	 */
	static String setSinceBuild(String property, String consequence) {
		return property + " is set, but this application was processed ahead of time (AOT) without it: " + consequence
				+ ". Build it again with " + property + " set" + SEE + ".";
	}

}
