package dev.clerkusers.command;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Tells a property given on a command's command line ({@code --spring.datasource.url=…})
 * from an option that the command does not know ({@code --dry.run}): a property has a dot
 * in its name, and its first part is the root of properties the application reads —
 * Spring Boot's and the library's ({@code spring}, {@code server}, {@code logging},
 * {@code management}, {@code clerk}), the prefix of one of the application's
 * {@code @ConfigurationProperties}, or the first part of a property its configuration
 * files (or another property source, the command line and the JVM's system properties and
 * environment left out) already set.
 */
final class PropertyRoots {

	private static final Set<String> BOOT_AND_LIBRARY = Set.of("spring", "server", "logging", "management", "clerk");

	private static final Set<String> SYSTEM_SOURCES = Set.of(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
			StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

	private final Set<String> roots;

	private PropertyRoots(Set<String> roots) {
		this.roots = roots;
	}

	/**
	 * The roots of the properties that an application reads.
	 * @param context the application's context, or {@code null} for Spring Boot's and the
	 * library's roots only
	 * @return the roots
	 */
	static PropertyRoots of(@Nullable ApplicationContext context) {
		Set<String> roots = new HashSet<>(BOOT_AND_LIBRARY);
		if (context != null) {
			ConfigurationPropertiesBean.getAll(context)
				.values()
				.forEach((bean) -> roots.add(root(bean.getAnnotation().prefix())));
			if (context.getEnvironment() instanceof ConfigurableEnvironment environment) {
				for (PropertySource<?> source : environment.getPropertySources()) {
					if (source instanceof EnumerablePropertySource<?> enumerable
							&& !(source instanceof CommandLinePropertySource)
							&& !SYSTEM_SOURCES.contains(source.getName())) {
						for (String name : enumerable.getPropertyNames()) {
							roots.add(root(name));
						}
					}
				}
			}
		}
		return new PropertyRoots(roots);
	}

	/**
	 * Whether an option given on the command line is a property of the application.
	 * @param name the option's name, without its leading {@code --}
	 * @return {@code true} when it is
	 */
	boolean isProperty(String name) {
		return name.indexOf('.') > 0 && this.roots.contains(root(name));
	}

	private static String root(String name) {
		int dot = name.indexOf('.');
		return ((dot > 0) ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
	}

}
