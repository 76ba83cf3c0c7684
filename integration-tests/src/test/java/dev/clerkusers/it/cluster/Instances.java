package dev.clerkusers.it.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.HttpTestClient;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.FakeClerkProperties;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.webhook.ClerkEvent;
import dev.clerkusers.test.webhook.ClerkWebhookClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of the test application on one database and one fake Clerk, as in production
 * behind a load balancer, each with a web server on a port of its own and Clerk sign-ins
 * kept in HTTP sessions.
 */
final class Instances implements AutoCloseable {

	private final TestDatabase database = ClerkTestDatabases.create();

	private final FakeClerkBackend clerk = FakeClerkBackend.start();

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	/**
	 * The fake Clerk the instances use.
	 * @return the fake
	 */
	FakeClerkBackend clerk() {
		return this.clerk;
	}

	/**
	 * Starts an instance.
	 * @param properties properties of its own, as {@code name=value}
	 * @return the instance
	 */
	ConfigurableApplicationContext start(String... properties) {
		List<String> arguments = new ArrayList<>();
		for (Map.Entry<String, Object> property : FakeClerkProperties.of(this.clerk).entrySet()) {
			arguments.add("--" + property.getKey() + "=" + property.getValue());
		}
		arguments.add("--spring.datasource.url=" + this.database.jdbcUrl());
		arguments.add("--spring.datasource.username=" + this.database.username());
		arguments.add("--server.port=0");
		arguments.add("--clerk.session.mode=session");
		for (String property : properties) {
			arguments.add("--" + property);
		}
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(TestApplication.class,
				AppSecurityConfiguration.class)
			.run(arguments.toArray(String[]::new));
		this.started.add(instance);
		return instance;
	}

	/**
	 * Delivers a webhook to an instance, signed for the fake Clerk's instance, and
	 * expects it answered 200.
	 * @param instance the instance
	 * @param event the event
	 */
	void deliver(ConfigurableApplicationContext instance, ClerkEvent event) {
		assertThat(ClerkWebhookClient.to("http://localhost:" + port(instance) + "/webhooks/clerk")
			.from(this.clerk)
			.deliver(event)
			.status()).isEqualTo(200);
	}

	/**
	 * Reads and writes the database outside the instances' pools, on connections with
	 * auto-commit on.
	 * @return a template
	 */
	JdbcTemplate admin() {
		return new JdbcTemplate(new DriverManagerDataSource(this.database.jdbcUrl(), this.database.username(), ""));
	}

	/**
	 * The status of a GET of an instance's API.
	 * @param instance the instance
	 * @param path the path
	 * @param authorization the {@code Authorization} header
	 * @return the status
	 */
	static int status(ConfigurableApplicationContext instance, String path, String authorization) {
		return HttpTestClient.api(port(instance)).get(path, "Authorization", authorization).status();
	}

	/**
	 * The port of an instance's web server.
	 * @param instance the instance
	 * @return the port
	 */
	static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
		this.clerk.close();
	}

}
