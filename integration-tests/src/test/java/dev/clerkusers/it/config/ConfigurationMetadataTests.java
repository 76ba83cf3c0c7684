package dev.clerkusers.it.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import dev.clerkusers.autoconfigure.ClerkProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read is in the built artifact and describes every {@code clerk.*} property.
 * When the build ran to {@code package} (as {@code ./mvnw verify} does), the artifact on the class path is the jar
 * itself, and this test reads the entry from the jar.
 */
class ConfigurationMetadataTests {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void theMetadataDescribesEveryClerkProperty() throws Exception {
		Map<String, JsonNode> described = clerkProperties(readMetadata(ClerkProperties.class));
		Set<String> expected = expectedProperties(ClerkProperties.class, "clerk");
		assertThat(described.keySet()).containsAll(expected);
		assertThat(expected).containsAll(described.keySet());
		described.forEach((name, property) -> assertThat(property.path("description").asString(""))
			.as("description of %s", name)
			.isNotBlank()
			.doesNotStartWith("The ")
			.doesNotStartWith("A "));
	}

	@Test
	void durationsAndDefaultsAreThereForTheIde() throws Exception {
		Map<String, JsonNode> described = clerkProperties(readMetadata(ClerkProperties.class));
		assertThat(described.get("clerk.clock-skew").path("type").asString()).isEqualTo("java.time.Duration");
		assertThat(described.get("clerk.clock-skew").path("defaultValue").asString()).isEqualTo("5s");
		assertThat(described.get("clerk.webhook.path").path("defaultValue").asString()).isEqualTo("/webhooks/clerk");
		assertThat(described.get("clerk.schema.migrate").path("defaultValue").asBoolean()).isTrue();
	}

	/**
	 * Reads the metadata from the jar (or, when only compiled, the classes directory) the type was loaded from.
	 */
	static JsonNode readMetadata(Class<?> type) throws IOException, URISyntaxException {
		Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (Files.isDirectory(location)) {
			return JsonMapper.shared().readTree(Files.readString(location.resolve(METADATA)));
		}
		try (JarFile jar = new JarFile(location.toFile())) {
			ZipEntry entry = jar.getEntry(METADATA);
			assertThat(entry).as("%s in %s", METADATA, location).isNotNull();
			try (InputStream in = jar.getInputStream(entry)) {
				return JsonMapper.shared().readTree(in);
			}
		}
	}

	static Map<String, JsonNode> clerkProperties(JsonNode metadata) {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("clerk.")) {
				properties.put(name, property);
			}
		}
		return properties;
	}

	/**
	 * The properties a properties class binds: its fields, with nested groups (types declared inside it) expanded.
	 */
	static Set<String> expectedProperties(Class<?> type, String prefix) {
		Set<String> names = new TreeSet<>();
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + "." + field.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			if (field.getType().getDeclaringClass() == ClerkProperties.class && !field.getType().isEnum()) {
				names.addAll(expectedProperties(field.getType(), name));
			}
			else {
				names.add(name);
			}
		}
		return names;
	}

}
