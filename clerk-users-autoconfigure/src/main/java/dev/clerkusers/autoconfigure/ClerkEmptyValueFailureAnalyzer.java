package dev.clerkusers.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Explains a {@code clerk.*} switch or number set to nothing, as an environment variable
 * set to nothing is: Spring Boot's own analysis says "failed to convert java.lang.String
 * to boolean (caused by … A null value cannot be assigned to a primitive type)", which
 * says neither that the value is empty nor what it may be. It runs before Spring Boot's,
 * and leaves every other binding failure to it.
 */
class ClerkEmptyValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith("clerk.")
				|| !(property.getValue() instanceof CharSequence value) || !value.toString().isBlank()) {
			return null;
		}
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		String kind = (type == boolean.class || type == Boolean.class) ? "true or false"
				: (ClassUtils.isPrimitiveOrWrapper(type) && type != char.class && type != Character.class) ? "a number"
						: null;
		if (kind == null) {
			return null;
		}
		String name = property.getName().toString();
		StringBuilder description = new StringBuilder("Failed to bind properties under '").append(name)
			.append("' to ")
			.append(type.getSimpleName())
			.append(":\n\n    Property: ")
			.append(name)
			.append("\n    Value: \"\"");
		if (property.getOrigin() != null) {
			description.append("\n    Origin: ").append(property.getOrigin());
		}
		description.append("\n    Reason: ")
			.append(name)
			.append(" is empty (as an environment variable set to nothing is); it takes ")
			.append(kind);
		return new FailureAnalysis(description.toString(),
				"Set " + name + " to " + kind + ", or remove it to keep its default.", cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
