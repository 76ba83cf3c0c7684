package dev.clerkusers.samples.reactive;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.token.ClerkTestTokens;
import dev.clerkusers.test.webhook.ClerkEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Local mode: what the sample needs when nothing is configured (the hybrid sample's local
 * mode, without organizations).
 * <ul>
 * <li>No Clerk key: a {@link FakeClerkBackend} (the test kit's in-process Clerk) is
 * started and seeded with a few users, and the application is pointed at it.</li>
 * <li>No {@code spring.datasource.url}: the test kit's PostgreSQL is started, on the side
 * {@code clerk.test.database} chooses (a container when Docker answers, else an embedded
 * server); its data is gone when the application stops.</li>
 * </ul>
 * With real keys and a database URL, none of this happens and the sample talks to Clerk
 * and that database.
 */
final class LocalMode {

	private static final Log logger = LogFactory.getLog(LocalMode.class);

	/** Property set when the sample runs against the local Clerk stand-in. */
	static final String LOCAL_CLERK = "sample.local-clerk";

	private LocalMode() {
	}

	static void prepare(SpringApplication application, String[] args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (isBlank(environment, "spring.datasource.url")) {
			TestDatabase database = ClerkTestDatabases.create();
			defaults.put("spring.datasource.url", database.jdbcUrl());
			defaults.put("spring.datasource.username", database.username());
			String password = database.password();
			if (password != null) {
				defaults.put("spring.datasource.password", password);
			}
			logger.info("No spring.datasource.url: using the test kit's PostgreSQL (" + database.jdbcUrl()
					+ ", data is not kept)");
		}
		if (isBlank(environment, "clerk.secret-key") && isBlank(environment, "clerk.publishable-key")
				&& isBlank(environment, "clerk.jwt-key")) {
			// One instance id from run to run (a kept database stays that instance's),
			// the one the test kit's webhook deliveries name.
			FakeClerkBackend clerk = FakeClerkBackend
				.start(ClerkTestTokens.forInstance(ClerkEvent.DEFAULT_INSTANCE_ID));
			seed(clerk);
			defaults.putAll(FakeClerkProperties.of(clerk));
			defaults.put(LOCAL_CLERK, "true");
			application.addInitializers((context) -> {
				context.getBeanFactory().registerSingleton("fakeClerkBackend", clerk);
				context.getBeanFactory().registerSingleton("clerkTestTokens", clerk.tokens());
				// Stopped with the application (after a --clerk.command, say), so that
				// the process exits.
				context.addApplicationListener((closing) -> {
					if (closing instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
						clerk.close();
					}
				});
			});
			logger.info("No Clerk keys: using a local stand-in of Clerk at " + clerk.apiUrl());
		}
		application.setDefaultProperties(defaults);
	}

	/**
	 * Demo data in the local Clerk: three users.
	 */
	static void seed(FakeClerkBackend clerk) {
		clerk.addUser(ClerkData.user("user_ada").email("ada@example.com").name("Ada", "Lovelace").username("ada"));
		clerk.addUser(ClerkData.user("user_grace").email("grace@example.com").name("Grace", "Hopper"));
		clerk.addUser(ClerkData.user("user_alan").email("alan@example.com").name("Alan", "Turing"));
	}

	private static boolean isBlank(StandardEnvironment environment, String property) {
		String value = environment.getProperty(property);
		return value == null || value.isBlank();
	}

}
