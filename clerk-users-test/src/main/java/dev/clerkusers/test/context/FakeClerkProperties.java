package dev.clerkusers.test.context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;

/**
 * The {@code clerk.*} properties that point an application at a {@link FakeClerkBackend},
 * for applications started outside Spring's test framework (a sample's local mode, a
 * benchmark).
 */
public final class FakeClerkProperties {

	private FakeClerkProperties() {
	}

	/**
	 * The properties for a fake. They must win over the application's own properties:
	 * pass them as command-line arguments or as a property source added first, not as
	 * default properties, which every other source overrides.
	 * @param clerk the fake
	 * @return the properties, by name
	 */
	public static Map<String, Object> of(FakeClerkBackend clerk) {
		return new LinkedHashMap<>(FakeClerkContextCustomizerFactory.FakeClerkContextCustomizer.properties(clerk));
	}

	/**
	 * The publishable key of an instance whose Frontend API has this URL, as Clerk
	 * encodes it.
	 * @param frontendApiUrl the URL, for example {@code https://clerk.example.com}
	 * @return the {@code pk_test_…} key
	 */
	public static String publishableKey(String frontendApiUrl) {
		String host = URI.create(frontendApiUrl).getAuthority();
		return "pk_test_" + Base64.getEncoder().encodeToString((host + "$").getBytes(StandardCharsets.UTF_8));
	}

}
