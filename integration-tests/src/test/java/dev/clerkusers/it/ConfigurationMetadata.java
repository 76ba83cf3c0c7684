package dev.clerkusers.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata that IDEs read, as the build produced it. When the build ran
 * to {@code package} (as {@code ./mvnw verify} does), the artifact on the class path is
 * the jar itself, and the entry is read from the jar.
 */
public final class ConfigurationMetadata {

	/** Where the metadata is in an artifact. */
	public static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private ConfigurationMetadata() {
	}

	/**
	 * Reads the metadata from the jar (or, when only compiled, the classes directory) a
	 * type was loaded from.
	 * @param type a type of the artifact
	 * @return the metadata
	 */
	public static JsonNode of(Class<?> type) {
		try {
			Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (Files.isDirectory(location)) {
				return JsonMapper.shared().readTree(Files.readString(location.resolve(LOCATION)));
			}
			try (JarFile jar = new JarFile(location.toFile())) {
				ZipEntry entry = jar.getEntry(LOCATION);
				if (entry == null) {
					throw new IllegalStateException("No " + LOCATION + " in " + location);
				}
				try (InputStream in = jar.getInputStream(entry)) {
					return JsonMapper.shared().readTree(in);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The {@code clerk.*} properties of some metadata, by name.
	 * @param metadata the metadata
	 * @return the properties, sorted by name
	 */
	public static Map<String, JsonNode> clerkProperties(JsonNode metadata) {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("clerk.")) {
				properties.put(name, property);
			}
		}
		return properties;
	}

}
