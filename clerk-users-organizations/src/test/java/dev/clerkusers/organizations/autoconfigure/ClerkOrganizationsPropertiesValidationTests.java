package dev.clerkusers.organizations.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code clerk.organizations.*} value out of its range stops the application when it is
 * bound, with Spring Boot's failure analysis naming the property and the rule.
 */
class ClerkOrganizationsPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			clerk.organizations.cache-ttl=-5m       | clerk.organizations.cache-ttl       | negative
			clerk.organizations.cache-ttl=200000d   | clerk.organizations.cache-ttl       | 106751 days
			clerk.organizations.cache-max-size=-1   | clerk.organizations.cache-max-size  | negative
			clerk.organizations.header-name=        | clerk.organizations.header-name     | empty
			clerk.organizations.header-name=X Org   | clerk.organizations.header-name     | a header name
			clerk.organizations.header-name=X:Org   | clerk.organizations.header-name     | a header name
			""")
	void aValueOutOfItsRangeStopsTheApplicationNamingTheProperty(String setting, String property, String rule) {
		this.contextRunner.withPropertyValues(setting.strip())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining(property.strip())
				.hasMessageContaining(rule.strip()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClerkOrganizationsProperties.class)
	static class Properties {

	}

}
