package dev.clerkusers.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.clerkusers.actuate.ClerkPushEndpoint;
import dev.clerkusers.actuate.ClerkSyncEndpoint;
import dev.clerkusers.actuate.ClerkWebhooksEndpoint;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkEndpointAutoConfiguration}: each endpoint exists when Actuator is present,
 * it is exposed, and what it serves exists.
 */
class ClerkEndpointAutoConfigurationTests {

	private static final ClerkWebhookInbox inbox = new ClerkWebhookInbox(new JdbcTemplate(),
			TransactionOperations.withoutTransaction(), Clock.systemUTC());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkEndpointAutoConfiguration.class))
		.withBean(ClerkSync.class, () -> new ClerkSync(List.of()))
		.withBean(ClerkWebhookInbox.class, () -> inbox)
		.withBean(ClerkWebhookProcessor.class, () -> new ClerkWebhookProcessor(inbox, List.of(),
				new DataSourceTransactionManager(new SimpleDriverDataSource())));

	@Test
	void exposedEndpointsExist() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=clerksync,clerkwebhooks")
			.run((context) -> assertThat(context).hasSingleBean(ClerkSyncEndpoint.class)
				.hasSingleBean(ClerkWebhooksEndpoint.class)
				.doesNotHaveBean(ClerkPushEndpoint.class));
	}

	@Test
	void endpointsNotExposedDoNotExist() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClerkSyncEndpoint.class)
			.doesNotHaveBean(ClerkWebhooksEndpoint.class));
	}

	@Test
	void anEndpointWithoutWhatItServesDoesNotExist() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSyncEndpoint.class)
				.doesNotHaveBean(ClerkWebhooksEndpoint.class)
				.doesNotHaveBean(ClerkPushEndpoint.class));
	}

	@Test
	void needsActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=*")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClerkSyncEndpoint.class));
	}

}
