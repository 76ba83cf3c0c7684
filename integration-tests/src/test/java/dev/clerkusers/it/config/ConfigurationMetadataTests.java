package dev.clerkusers.it.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.clerkusers.autoconfigure.ClerkProperties;
import dev.clerkusers.it.ConfigurationMetadata;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

import static dev.clerkusers.it.ConfigurationMetadata.clerkProperties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read is in the built artifacts and describes every
 * {@code clerk.*} property.
 */
class ConfigurationMetadataTests {

	@Test
	void theMetadataDescribesEveryClerkProperty() {
		assertDescribesEveryProperty(ClerkProperties.class, "clerk");
	}

	@Test
	void theOrganizationsModulesMetadataDescribesEveryProperty() {
		assertDescribesEveryProperty(ClerkOrganizationsProperties.class, "clerk.organizations");
	}

	private static void assertDescribesEveryProperty(Class<?> properties, String prefix) {
		Map<String, JsonNode> described = clerkProperties(ConfigurationMetadata.of(properties));
		Set<String> expected = expectedProperties(properties, prefix);
		assertThat(described.keySet()).containsAll(expected);
		assertThat(expected).containsAll(described.keySet());
		described.forEach(
				(name, property) -> assertThat(property.path("description").asString("")).as("description of %s", name)
					.isNotBlank()
					.doesNotStartWith("The ")
					.doesNotStartWith("A "));
	}

	@Test
	void durationsAndDefaultsAreThereForTheIde() {
		Map<String, JsonNode> described = clerkProperties(ConfigurationMetadata.of(ClerkProperties.class));
		assertThat(described.get("clerk.clock-skew").path("type").asString()).isEqualTo("java.time.Duration");
		assertThat(described.get("clerk.clock-skew").path("defaultValue").asString()).isEqualTo("5s");
		assertThat(described.get("clerk.webhook.path").path("defaultValue").asString()).isEqualTo("/webhooks/clerk");
		assertThat(described.get("clerk.schema.migrate").path("defaultValue").asBoolean()).isTrue();
	}

	/**
	 * The properties a properties class binds: its fields with a getter (the binder's
	 * JavaBean properties), with nested groups (types declared inside it) expanded.
	 */
	static Set<String> expectedProperties(Class<?> type, String prefix) {
		Set<String> names = new TreeSet<>();
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) || !hasGetter(type, field)) {
				continue;
			}
			String name = prefix + "." + field.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			if (field.getType().getDeclaringClass() != null && field.getType().getNestHost() == type.getNestHost()
					&& !field.getType().isEnum()) {
				names.addAll(expectedProperties(field.getType(), name));
			}
			else {
				names.add(name);
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (method.isAnnotationPresent(DeprecatedConfigurationProperty.class)) {
				names.add(prefix + "."
						+ method.getName().substring(3).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
			}
		}
		return names;
	}

	private static boolean hasGetter(Class<?> type, Field field) {
		String name = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
		return Arrays.stream(type.getMethods())
			.anyMatch((method) -> method.getParameterCount() == 0
					&& (method.getName().equals("get" + name) || method.getName().equals("is" + name)));
	}

}
