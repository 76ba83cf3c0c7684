package dev.clerkusers.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClerkHealthContributorAutoConfiguration}: the {@code clerk} contributor has a
 * part for each of the application's parts it can check, switches off with
 * {@code management.health.clerk.enabled}, backs off, and needs Actuator's health.
 */
class ClerkHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClerkTokenAutoConfiguration.class, ClerkHealthContributorAutoConfiguration.class));

	@Test
	void keysFetchedFromClerkAreAPartOfTheContributor() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc").run((context) -> {
			CompositeHealthContributor clerk = context.getBean("clerkHealthContributor",
					CompositeHealthContributor.class);
			assertThat(clerk.stream()).extracting((entry) -> entry.name()).containsExactly("keys");
			// Keys are fetched when a token first needs them, never by the health check.
			Health keys = ((HealthIndicator) clerk.getContributor("keys")).health();
			assertThat(keys.getStatus()).isEqualTo(Status.UNKNOWN);
		});
	}

	@Test
	void aPemKeyHasNoPartToCheck() {
		this.contextRunner.withPropertyValues("clerk.jwt-key=" + TestKeys.pem())
			.run((context) -> assertThat(
					context.getBean("clerkHealthContributor", CompositeHealthContributor.class).stream())
				.isEmpty());
	}

	@Test
	void turnsOffWithItsProperty() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc", "management.health.clerk.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("clerkHealthContributor"));
	}

	@Test
	void aContributorOfTheApplicationWithItsNameReplacesTheLibrarysOwn() {
		HealthContributor own = (HealthIndicator) () -> Health.up().build();
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc")
			.withBean("clerkHealthContributor", HealthContributor.class, () -> own)
			.run((context) -> assertThat(context).getBean("clerkHealthContributor").isSameAs(own));
	}

	@Test
	void needsActuatorsHealth() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc")
			.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).doesNotHaveBean("clerkHealthContributor"));
	}

}
