package dev.clerkusers.it.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.clerkusers.actuate.ClerkSyncMeterObservationHandler;
import dev.clerkusers.autoconfigure.ClerkProperties;
import dev.clerkusers.it.ConfigurationMetadata;
import dev.clerkusers.organizations.autoconfigure.ClerkOrganizationsProperties;
import dev.clerkusers.security.ClerkAuthenticationObservationConvention;
import dev.clerkusers.sync.ClerkSyncObservationConvention;
import dev.clerkusers.webhook.ClerkWebhookObservationConvention;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents every {@code clerk.*} property of the core and the
 * organizations module, with the default the metadata gives, and the documentation names
 * no property that does not exist.
 */
class ConfigurationDocumentationTests {

	private static final Path DOCS = Path.of("..", "docs");

	/**
	 * Properties read outside {@code @ConfigurationProperties}: the test kit's database
	 * switch.
	 */
	private static final Set<String> TEST_KIT_PROPERTIES = Set.of("clerk.test.database", "clerk.test.database.image");

	/**
	 * Names that look like properties but are the library's meters (with the long-task
	 * timers Micrometer adds to each observation), observation tag keys and cache tags
	 * (docs/operations.md, "Metrics and traces").
	 */
	private static final Set<String> METER_NAMES = Set.of(ClerkAuthenticationObservationConvention.NAME,
			ClerkWebhookObservationConvention.NAME, ClerkSyncObservationConvention.NAME,
			ClerkAuthenticationObservationConvention.NAME + ".active",
			ClerkWebhookObservationConvention.NAME + ".active", ClerkSyncObservationConvention.NAME + ".active",
			ClerkSyncMeterObservationHandler.RECORDS, "clerk.token.source", "clerk.token.type", "clerk.webhook.type",
			"clerk.tokens", "clerk.users", "clerk.organizations", "clerk.memberships");

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(clerk\\.[a-z0-9.-]+)` \\|(.*)$",
			Pattern.MULTILINE);

	/**
	 * A property name in backticks, at the start of a properties line, or as a
	 * command-line argument.
	 */
	private static final Pattern MENTION = Pattern
		.compile("(?:`|^|--)(clerk\\.[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*)(?=[`=:\\s])", Pattern.MULTILINE);

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		Map<String, String> rows = documentedRows();
		Map<String, JsonNode> properties = properties();
		assertThat(rows.keySet()).as("properties in docs/configuration.md").containsAll(properties.keySet());
		properties.forEach((name, property) -> defaultOf(property)
			.ifPresent((value) -> assertThat(rows.get(name)).as("default of %s in docs/configuration.md", name)
				.contains("`" + value + "`")));
	}

	/**
	 * Black-box run 181 F2: the reference marks two properties servlet only, but the IDE
	 * showed a WebFlux developer nothing of it.
	 */
	@Test
	void everyServletOnlyPropertySaysSoInTheIde() throws IOException {
		Map<String, JsonNode> properties = properties();
		Map<String, String> servletOnly = new TreeMap<>(documentedRows());
		servletOnly.values().removeIf((row) -> !row.contains("*Servlet only.*"));
		assertThat(servletOnly).isNotEmpty();
		servletOnly.keySet()
			.forEach((name) -> assertThat(properties.get(name).path("description").asString())
				.as("IDE description of %s", name)
				.startsWith("Servlet only."));
	}

	@Test
	void everyDeprecatedPropertyNamesItsReplacement() throws IOException {
		Map<String, String> rows = documentedRows();
		Map<String, JsonNode> deprecated = new TreeMap<>();
		properties().forEach((name, property) -> {
			if (property.path("deprecated").asBoolean(false)) {
				deprecated.put(name, property);
			}
		});
		assertThat(deprecated).isNotEmpty();
		deprecated.forEach((name, property) -> {
			String replacement = property.path("deprecation").path("replacement").asString();
			assertThat(replacement).as("replacement of %s", name).isNotEmpty();
			assertThat(rows.get(name)).as("row of %s in docs/configuration.md", name)
				.contains("Deprecated: use `" + replacement + "`");
		});
	}

	@Test
	void theReferenceDocumentsNoPropertyThatDoesNotExist() throws IOException {
		Set<String> known = new TreeSet<>(properties().keySet());
		known.addAll(TEST_KIT_PROPERTIES);
		assertThat(known).containsAll(documentedRows().keySet());
	}

	@Test
	void noPageNamesAPropertyThatDoesNotExist() throws IOException {
		Set<String> known = new TreeSet<>(properties().keySet());
		known.addAll(TEST_KIT_PROPERTIES);
		known.addAll(METER_NAMES);
		Map<String, Set<String>> unknown = new TreeMap<>();
		for (Path page : pages()) {
			Matcher mention = MENTION.matcher(Files.readString(page));
			while (mention.find()) {
				String name = mention.group(1);
				if (!known.contains(name) && known.stream().noneMatch((property) -> property.startsWith(name + "."))) {
					unknown.computeIfAbsent(page.getFileName().toString(), (key) -> new TreeSet<>()).add(name);
				}
			}
		}
		assertThat(unknown).as("clerk.* names that are no property (page: names)").isEmpty();
	}

	/**
	 * The Actuator switch of the library's health contributor, which configuration.md
	 * names, is known to the IDE as Spring Boot's own switches are.
	 */
	@Test
	void theHealthSwitchIsInTheMetadata() throws IOException {
		assertThat(Files.readString(DOCS.resolve("configuration.md"))).contains("`management.health.clerk.enabled`");
		JsonNode metadata = ConfigurationMetadata.of(ClerkProperties.class);
		assertThat(metadata.path("properties")
			.valueStream()
			.filter((property) -> property.path("name").asString().equals("management.health.clerk.enabled")))
			.singleElement()
			.satisfies((property) -> assertThat(property.path("description").asString()).isNotEmpty());
	}

	private static Map<String, String> documentedRows() throws IOException {
		Map<String, String> rows = new TreeMap<>();
		Matcher row = TABLE_ROW.matcher(Files.readString(DOCS.resolve("configuration.md")));
		while (row.find()) {
			rows.put(row.group(1), row.group(2));
		}
		return rows;
	}

	private static Map<String, JsonNode> properties() {
		Map<String, JsonNode> properties = new TreeMap<>();
		properties.putAll(ConfigurationMetadata.clerkProperties(ConfigurationMetadata.of(ClerkProperties.class)));
		properties.putAll(
				ConfigurationMetadata.clerkProperties(ConfigurationMetadata.of(ClerkOrganizationsProperties.class)));
		return properties;
	}

	private static Optional<String> defaultOf(JsonNode property) {
		JsonNode value = property.path("defaultValue");
		if (value.isMissingNode() || value.isNull() || value.isArray()) {
			return Optional.empty();
		}
		return Optional.of(value.asString());
	}

	private static Set<Path> pages() throws IOException {
		Set<Path> pages = new TreeSet<>();
		try (Stream<Path> files = Files.list(DOCS)) {
			files.filter((file) -> file.toString().endsWith(".md")).forEach(pages::add);
		}
		pages.add(DOCS.resolveSibling("README.md"));
		return pages;
	}

}
