package dev.clerkusers.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Warns at start-up of each {@code clerk.*} property that no clerk-users module declares,
 * naming the closest one that is declared: Spring Boot binds the properties it knows and
 * ignores the rest, so that a misspelled one ({@code clerk.webhook.signing-secret}, the
 * environment variable's singular) would leave its default in place without a word. The
 * declared properties are those of the modules' configuration metadata on the class path,
 * so a property of a module the application does not have is reported too. Environment
 * variables and system properties are not read: {@code CLERK_*} variables are shared with
 * Clerk's other tools.
 */
class ClerkPropertyNames implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(ClerkPropertyNames.class);

	private static final ConfigurationPropertyName CLERK = ConfigurationPropertyName.of("clerk");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** The optional modules, by the prefix of their properties. */
	private static final Map<ConfigurationPropertyName, String> MODULES = Map.of(
			ConfigurationPropertyName.of("clerk.organizations"), "clerk-users-organizations",
			ConfigurationPropertyName.of("clerk.test"), "clerk-users-test");

	/** The most edits from a name to the declared one it is told to be. */
	private static final int MOST_EDITS = 3;

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		List<Undeclared> undeclared = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource names && isWritten(source)) {
				names.filter(CLERK::isAncestorOf)
					.stream()
					.forEach((name) -> undeclared.add(new Undeclared(name, source)));
			}
		}
		if (undeclared.isEmpty()) {
			return;
		}
		List<Declared> declared = declared(environment.getClass().getClassLoader());
		for (Undeclared property : undeclared) {
			if (declared.stream().noneMatch((known) -> known.declares(property.name()))) {
				String module = absentModule(property.name(), declared);
				if (module != null) {
					logger.warn(property.name() + " (in '" + origin(property.source()) + "') is a property of " + module
							+ ", which is not on the class path: add the dependency " + "dev.clerkusers:" + module
							+ ", or remove the property; it is ignored");
					continue;
				}
				String closest = closest(property.name(), declared);
				logger.warn(property.name() + " (in '" + origin(property.source()) + "') is no clerk-users property,"
						+ " and is ignored" + ((closest != null) ? "; did you mean " + closest + "?" : "")
						+ " (docs/configuration.md lists them)");
			}
		}
	}

	/**
	 * The optional module whose properties a name is under, when no property of that
	 * module is declared (the module is not on the class path).
	 */
	private static @Nullable String absentModule(ConfigurationPropertyName name, List<Declared> declared) {
		for (Map.Entry<ConfigurationPropertyName, String> module : MODULES.entrySet()) {
			if (module.getKey().isAncestorOf(name)
					&& declared.stream().noneMatch((known) -> module.getKey().isAncestorOf(known.name()))) {
				return module.getValue();
			}
		}
		return null;
	}

	/**
	 * Whether a property source is one the application writes (its configuration files,
	 * its command line, a test's properties), not the process's environment variables or
	 * system properties.
	 */
	private static boolean isWritten(ConfigurationPropertySource source) {
		Object underlying = source.getUnderlyingSource();
		return !(underlying instanceof SystemEnvironmentPropertySource)
				&& !(underlying instanceof PropertySource<?> named
						&& named.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME));
	}

	private static String origin(ConfigurationPropertySource source) {
		return (source.getUnderlyingSource() instanceof PropertySource<?> named) ? named.getName()
				: String.valueOf(source.getUnderlyingSource());
	}

	/**
	 * The declared one a name is closest to, within {@link #MOST_EDITS} edits.
	 */
	private static @Nullable String closest(ConfigurationPropertyName name, List<Declared> declared) {
		String written = name.toString().toLowerCase(Locale.ROOT);
		String closest = null;
		int fewest = MOST_EDITS + 1;
		for (Declared known : declared) {
			int edits = edits(written, known.name().toString());
			if (edits < fewest) {
				fewest = edits;
				closest = known.name().toString();
			}
		}
		return closest;
	}

	/** The Levenshtein distance of two names. */
	private static int edits(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The {@code clerk.*} properties of every configuration metadata file on the class
	 * path.
	 */
	private static List<Declared> declared(@Nullable ClassLoader classLoader) {
		List<Declared> declared = new ArrayList<>();
		try {
			Enumeration<URL> files = (classLoader != null) ? classLoader.getResources(METADATA)
					: ClassLoader.getSystemResources(METADATA);
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
						String name = property.path("name").asString("");
						if (name.startsWith("clerk.") && ConfigurationPropertyName.isValid(name)) {
							declared.add(new Declared(ConfigurationPropertyName.of(name),
									isContainer(property.path("type").asString(""))));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the configuration metadata", ex);
		}
		return declared;
	}

	/**
	 * Whether a property of this type is a list, a set or a map, with entries below it.
	 */
	private static boolean isContainer(String type) {
		return type.startsWith("java.util.List") || type.startsWith("java.util.Set") || type.startsWith("java.util.Map")
				|| type.endsWith("[]");
	}

	/**
	 * A {@code clerk.*} property of the application's, and where it was set.
	 */
	private record Undeclared(ConfigurationPropertyName name, ConfigurationPropertySource source) {
	}

	/**
	 * A declared property, and whether it has entries ({@code clerk.audiences[0]}).
	 */
	private record Declared(ConfigurationPropertyName name, boolean container) {

		boolean declares(ConfigurationPropertyName written) {
			return this.name.equals(written) || (this.container && this.name.isAncestorOf(written));
		}

	}

}
