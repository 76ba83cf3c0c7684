package dev.clerkusers.it.reactive;

import java.time.Clock;
import java.util.List;

import dev.clerkusers.autoconfigure.ClerkApiAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkSchemaMigrationAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkUsersAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkWebhookAutoConfiguration;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.webhook.ClerkWebhookProcessor;
import dev.clerkusers.webhook.ClerkWebhookReceiver;
import dev.clerkusers.webhook.SvixWebhookVerifier;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkWebhookAutoConfiguration} in a WebFlux application with Spring Security, on
 * a real PostgreSQL: the route and the filter chain that opens it come together, whether
 * the receiver is the library's (a signing secret) or the application's own.
 */
class ReactiveWebhookAutoConfigurationTests {

	private static final TestDatabase database = ClerkTestDatabases.create();

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				DataJpaRepositoriesAutoConfiguration.class, TransactionAutoConfiguration.class,
				ClerkApiAutoConfiguration.class, ClerkSchemaMigrationAutoConfiguration.class,
				ClerkUsersAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
				ClerkWebhookAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + ((database.password() != null) ? database.password() : ""));

	@Test
	void aSigningSecretGivesTheRouteAndItsChain() {
		this.contextRunner.withPropertyValues("clerk.webhook.signing-secrets=" + ClerkWebhookSigner.TEST_SECRET)
			.run((context) -> assertThat(context).hasBean("clerkReactiveWebhookRoute")
				.hasBean("clerkWebhookSecurityWebFilterChain"));
	}

	@Test
	void theReceiverOfTheApplicationGetsTheRouteAndItsChainWithoutASigningSecret() {
		this.contextRunner.withUserConfiguration(OwnReceiver.class)
			.run((context) -> assertThat(context).hasBean("clerkReactiveWebhookRoute")
				.hasBean("clerkWebhookSecurityWebFilterChain")
				.doesNotHaveBean(SvixWebhookVerifier.class));
	}

	@Test
	void withoutAReceiverThereIsNeitherRouteNorChain() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ClerkWebhookProcessor.class)
			.doesNotHaveBean("clerkReactiveWebhookRoute")
			.doesNotHaveBean("clerkWebhookSecurityWebFilterChain"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReceiver {

		@Bean
		ClerkWebhookReceiver ownReceiver(ClerkWebhookProcessor processor) {
			SvixWebhookVerifier verifier = new SvixWebhookVerifier(List.of(ClerkWebhookSigner.TEST_SECRET),
					Clock.systemUTC());
			return new ClerkWebhookReceiver(verifier, processor, 1024 * 1024);
		}

	}

}
