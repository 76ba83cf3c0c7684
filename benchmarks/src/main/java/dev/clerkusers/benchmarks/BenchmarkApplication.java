package dev.clerkusers.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application the benchmarks run: the starter and the organizations module, on an
 * embedded PostgreSQL, pointed at a {@link FakeClerkBackend}.
 */
@SpringBootApplication
public class BenchmarkApplication {

	/**
	 * Starts the application on a new database.
	 * @param clerk the fake Clerk backend
	 * @param webServer whether to start a web server on a random port
	 * @param extra more properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(FakeClerkBackend clerk, boolean webServer, String... extra) {
		return start(clerk, ClerkTestDatabases.create(), webServer, extra);
	}

	/**
	 * Starts the application on a given database, which other instances may share.
	 * @param clerk the fake Clerk backend
	 * @param database the database
	 * @param webServer whether to start a web server on a random port
	 * @param extra more properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(FakeClerkBackend clerk, TestDatabase database, boolean webServer,
			String... extra) {
		return start(clerk, database, webServer, new Class<?>[0], extra);
	}

	/**
	 * Starts the application on a given database with more configuration classes.
	 * @param clerk the fake Clerk backend
	 * @param database the database
	 * @param webServer whether to start a web server on a random port
	 * @param sources more configuration classes
	 * @param extra more properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(FakeClerkBackend clerk, TestDatabase database, boolean webServer,
			Class<?>[] sources, String... extra) {
		Map<String, Object> properties = new LinkedHashMap<>(FakeClerkProperties.of(clerk));
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("server.port", "0");
		properties.put("spring.main.web-application-type", webServer ? "servlet" : "none");
		for (String property : extra) {
			int eq = property.indexOf('=');
			properties.put(property.substring(0, eq), property.substring(eq + 1));
		}
		SpringApplication application = new SpringApplicationBuilder(BenchmarkApplication.class).sources(sources)
			.build();
		application.setDefaultProperties(properties);
		return application.run();
	}

}
