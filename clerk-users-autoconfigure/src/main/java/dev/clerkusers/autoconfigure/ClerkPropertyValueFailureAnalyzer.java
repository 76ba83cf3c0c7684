package dev.clerkusers.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Explains a {@code clerk.*} value that cannot be bound because it is empty (a switch or
 * a number set to nothing, as an environment variable set to nothing is), a placeholder
 * that nothing resolved, or none of a choice's or a switch's values. Spring Boot's own
 * analysis says "failed to convert java.lang.String to boolean (caused by … A null value
 * cannot be assigned to a primitive type)", "Invalid boolean value 'sure'" or "No enum
 * constant …SessionMode.stateful", which say neither what is wrong with the value nor
 * what the property takes. It runs before Spring Boot's, keeps its form
 * ({@code Property:}, {@code Value:}, {@code Origin:}, {@code Reason:}), and leaves every
 * other binding failure to it.
 */
class ClerkPropertyValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith("clerk.")
				|| !(property.getValue() instanceof CharSequence text)) {
			return null;
		}
		String value = text.toString();
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		String takes = takes(type);
		boolean unresolved = value.contains("${");
		boolean choice = type.isEnum() || type == boolean.class || type == Boolean.class;
		if (takes == null || (!value.isBlank() && !unresolved && !choice)) {
			return null;
		}
		String name = property.getName().toString();
		StringBuilder description = new StringBuilder("Failed to bind properties under '").append(name)
			.append("' to ")
			.append(type.getSimpleName())
			.append(":\n\n    Property: ")
			.append(name)
			.append("\n    Value: \"")
			.append(value)
			.append('"');
		if (property.getOrigin() != null) {
			description.append("\n    Origin: ").append(property.getOrigin());
		}
		description.append("\n    Reason: ")
			.append(name)
			.append(value.isBlank() ? " is empty (as an environment variable set to nothing is)"
					: unresolved ? " is a placeholder that nothing resolved" : " has no such value")
			.append("; it takes ")
			.append(takes);
		String action = unresolved
				? "Set the environment variable or property that " + name + " names, or remove " + name
						+ " to keep its default."
				: "Set " + name + " to " + takes + ", or remove it to keep its default.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/**
	 * What a property of the type takes, in the words of configuration.md, or
	 * {@code null} for a type left to Spring Boot.
	 */
	private static @Nullable String takes(Class<?> type) {
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (ClassUtils.isPrimitiveOrWrapper(type) && type != char.class && type != Character.class) {
			return "a number";
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
