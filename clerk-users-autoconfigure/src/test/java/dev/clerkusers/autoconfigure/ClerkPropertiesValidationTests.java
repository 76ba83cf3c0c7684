package dev.clerkusers.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value out of its range stops the application when {@code clerk.*} is bound, with
 * Spring Boot's failure analysis naming the property and the rule, rather than a stack
 * trace from the component that received it, or a start that then refuses every webhook
 * or runs the cleanup every millisecond.
 */
class ClerkPropertiesValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClerkTokenAutoConfiguration.class))
		.withPropertyValues("clerk.secret-key=sk_test_123");

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					clerk.api.timeout=0                              | clerk.api.timeout                           | positive
					clerk.api.timeout=-10s                           | clerk.api.timeout                           | positive
					clerk.jwks.timeout=-3s                           | clerk.jwks.timeout                          | positive
					clerk.lock-timeout=0                             | clerk.lock-timeout                          | 1 ms
					clerk.lock-timeout=30d                           | clerk.lock-timeout                          | 2147483647 ms
					clerk.authorized-parties=app.example.com         | clerk.authorized-parties                    | origin
					clerk.authorized-parties=https://a.example/app   | clerk.authorized-parties                    | origin
					clerk.frontend-hosts=*                           | clerk.frontend-hosts                        | origin
					clerk.authorized-parties=https://a.example:443   | clerk.authorized-parties                    | default port
					clerk.frontend-hosts=http://localhost:80         | clerk.frontend-hosts                        | default port
					clerk.authorized-parties=https://a.example:99999 | clerk.authorized-parties                    | origin
					clerk.authorized-parties=https://a.example:0     | clerk.authorized-parties                    | origin
					clerk.authorized-parties=https://a.example:      | clerk.authorized-parties                    | as browsers write them
					clerk.authorized-parties=https://a.example:08443 | clerk.authorized-parties                    | as browsers write them
					clerk.frontend-hosts=http://localhost:+3000      | clerk.frontend-hosts                        | origin
					clerk.cache.listener-url=not-a-jdbc-url          | clerk.cache.listener-url                    | PostgreSQL
					clerk.cache.listener-url=jdbc:mysql://h/db       | clerk.cache.listener-url                    | PostgreSQL
					clerk.api.version=                               | clerk.api.version                           | empty
					clerk.api-version=                               | clerk.api-version                           | empty
					clerk.health.webhooks.status=                    | clerk.health.webhooks.status                | empty
					clerk.clock-skew=-1s                             | clerk.clock-skew                            | negative
					clerk.cache.user-ttl=-5m                         | clerk.cache.user-ttl                        | negative
					clerk.cache.user-max-size=-1                     | clerk.cache.user-max-size                   | negative
					clerk.token-cache.max-size=-1                    | clerk.token-cache.max-size                  | negative
					clerk.health.webhooks.max-unprocessed-age=-1h    | clerk.health.webhooks.max-unprocessed-age   | negative
					clerk.api.url=not a url                          | clerk.api.url                               | URL
					clerk.api.url=http://api.clerk.com/v1            | clerk.api.url                               | https
					clerk.api.url=http://10.0.0.7:8080/v1            | clerk.api.url                               | https
					clerk.api.max-retries=-1                         | clerk.api.max-retries                       | negative
					clerk.webhook.path=webhooks/clerk                | clerk.webhook.path                          | /
					clerk.webhook.path=/webhooks/**                  | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks/{source}            | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks/clerk?x=1           | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks//clerk              | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks/../clerk            | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks/cl%65rk             | clerk.webhook.path                          | literal path
					clerk.webhook.path=/webhooks/clerk;v=1           | clerk.webhook.path                          | literal path
					clerk.session-cookie.name=                       | clerk.session-cookie.name                   | empty
					clerk.session-cookie.name=a;b                    | clerk.session-cookie.name                   | cookie name
					clerk.session-cookie.name=my session             | clerk.session-cookie.name                   | cookie name
					clerk.session-cookie.name=__session=x            | clerk.session-cookie.name                   | cookie name
					clerk.sync.reconcile-max-fraction=1.5            | clerk.sync.reconcile-max-fraction           | between 0 and 1
					clerk.webhook.max-body-size=-1MB                 | clerk.webhook.max-body-size                 | positive
					clerk.webhook.max-body-size=0                    | clerk.webhook.max-body-size                 | positive
					clerk.webhook.cleanup-interval=0                 | clerk.webhook.cleanup-interval              | positive
					clerk.webhook.retention=-1d                      | clerk.webhook.retention                     | positive
					clerk.session.revalidation-interval=-1s          | clerk.session.revalidation-interval         | negative
					clerk.jwks.cache-ttl=-5m                         | clerk.jwks.cache-ttl                        | positive
					clerk.machine-tokens.cache-max-size=-1           | clerk.machine-tokens.cache-max-size         | negative
					clerk.api-url=not a url                          | clerk.api-url                               | URL
					clerk.api-url=http://api.clerk.com/v1            | clerk.api-url                               | https
					clerk.api-timeout=0s                             | clerk.api-timeout                           | positive
					clerk.api-max-retries=-1                         | clerk.api-max-retries                       | negative
					clerk.api-max-retry-wait=-1s                     | clerk.api-max-retry-wait                    | negative
					clerk.clock-skew=9223372036854775807s            | clerk.clock-skew                            | 106751 days
					clerk.webhook.cleanup-interval=106752d           | clerk.webhook.cleanup-interval              | 106751 days
					clerk.jwks.cache-ttl=9223372036854775807s        | clerk.jwks.cache-ttl                        | 106751 days
					clerk.jwks.timeout=9223372036854775807s          | clerk.jwks.timeout                          | 106751 days
					clerk.api.timeout=9223372036854775807s           | clerk.api.timeout                           | 106751 days
					clerk.api-timeout=9223372036854775807s           | clerk.api-timeout                           | 106751 days
					clerk.machine-tokens.revocation-interval=200000d | clerk.machine-tokens.revocation-interval    | 106751 days
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

	/**
	 * Black-box run 72: the deprecated {@code clerk.api-*} names skipped the checks of
	 * the {@code clerk.api.*} ones they stand for, so that a plain http URL of another
	 * host started, and sent the secret key in clear text.
	 */
	@Test
	void aDeprecatedNameThatANewOneOverridesIsNotChecked() {
		this.contextRunner.withPropertyValues("clerk.api-url=http://api.clerk.com/v1", "clerk.api-timeout=0s")
			.withSystemProperties("clerk.api.url=https://api.clerk.com/v1", "clerk.api.timeout=5s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Black-box run 61: the failure analysis said where a value out of its range was set
	 * only for the properties directly under {@code clerk.}; for every nested one
	 * ({@code clerk.jwks.cache-ttl}) it left the origin out, which Spring Boot finds only
	 * for the fields of the object it validates.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			clerk.clock-skew                          | -1s
			clerk.authorized-parties                  | app.example.com
			clerk.lock-timeout                        | 0
			clerk.token-cache.max-size                | -1
			clerk.jwks.cache-ttl                      | 0s
			clerk.webhook.path                        | webhooks/clerk
			clerk.health.webhooks.max-unprocessed-age | -1h
			clerk.users.username-prefix               | 'bad prefix!'
			clerk.api-url                             | http://api.clerk.com/v1
			clerk.api-timeout                         | 0s
			""")
	void theFailureAnalysisSaysWhereTheValueWasSet(String property, String value) {
		Origin origin = new TextResourceOrigin(new ClassPathResource("application.properties"),
				new TextResourceOrigin.Location(6, 0));
		OriginTrackedMapPropertySource file = new OriginTrackedMapPropertySource("application.properties",
				Map.of(property, OriginTrackedValue.of(value, origin), "clerk.users.generate-usernames",
						OriginTrackedValue.of("true", origin)));
		this.contextRunner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(file))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
				assertThat(failure).isInstanceOf(BindValidationException.class);
				assertThat(((BindValidationException) failure).getValidationErrors().getAllErrors()).singleElement()
					.isInstanceOfSatisfying(FieldError.class, (error) -> {
						assertThat(error.getDefaultMessage()).startsWith(property + " ");
						assertThat(Origin.from(error)).as(property).hasToString(origin.toString());
					});
			});
	}

	/**
	 * Black-box run 50: a prefix that left no room in the username column started, and
	 * then every Clerk user without a username failed to be stored, on the request path
	 * as an outage and on webhooks and syncs as a conflict.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''            | 1 to 117
			'bad prefix!' | ASCII letters
			""")
	void aUsernamePrefixThatIsNoneOrHasOtherCharactersStopsTheApplicationThatGeneratesUsernames(String prefix,
			String rule) {
		assertRefused(prefix, rule);
	}

	@Test
	void aUsernamePrefixThatLeavesNoRoomInTheColumnStopsTheApplicationThatGeneratesUsernames() {
		assertRefused("x".repeat(118), "117");
		this.contextRunner
			.withPropertyValues("clerk.users.generate-usernames=true", "clerk.users.username-prefix=" + "x".repeat(117))
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("clerk.users.username-prefix=" + "x".repeat(118))
			.run((context) -> assertThat(context).as("a prefix that is never used").hasNotFailed());
	}

	private void assertRefused(String prefix, String rule) {
		this.contextRunner.withPropertyValues("clerk.users.generate-usernames=true")
			.withPropertyValues("clerk.users.username-prefix=" + prefix)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("clerk.users.username-prefix")
				.hasMessageContaining(rule));
	}

	/**
	 * Plain HTTP carries the secret key in clear text: only to a stand-in on this machine
	 * (the test kit's fake Clerk, or one of the application's own tests).
	 */
	@ParameterizedTest
	@CsvSource({ "http://127.0.0.1:43123/v1", "http://localhost:43123/v1", "http://[::1]:43123/v1",
			"https://api.clerk.com/v1" })
	void theBackendApiIsReachedInClearTextOnlyOnThisMachine(String url) {
		this.contextRunner.withPropertyValues("clerk.api.url=" + url)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Zero is a meaning, not a mistake, where the docs give it one: a session sign-in
	 * revalidated on every request (as Django's
	 * {@code CLERK_SESSION_REVALIDATION_SECONDS=0}), machine tokens asked of Clerk on
	 * every request, a cache turned off.
	 */
	@ParameterizedTest
	@CsvSource({ "clerk.session.revalidation-interval=0s", "clerk.machine-tokens.revocation-interval=0s",
			"clerk.jwks.unknown-key-refetch-interval=0s", "clerk.cache.user-max-size=0", "clerk.token-cache.max-size=0",
			"clerk.clock-skew=0s" })
	void zeroStartsWhereItMeansSomething(String setting) {
		this.contextRunner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Black-box run 85: the longest lock timeout PostgreSQL takes, origins as a
	 * frontend's requests carry them (any case, a trailing slash, a port), and a
	 * PostgreSQL URL behind a JDBC wrapper start; so do a webhook path of every character
	 * a literal path takes, and a cookie name of every character a cookie name takes.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			clerk.lock-timeout=2147483647ms
			clerk.authorized-parties=https://app.example.com,http://localhost:3000,HTTPS://App.Example.com/
			clerk.frontend-hosts=https://app.example.com
			clerk.frontend-hosts=http://[::1]:3000,http://127.0.0.1:3000/
			clerk.authorized-parties=https://app.example.com:8443,http://app.example.com:443,http://localhost:65535
			clerk.cache.listener-url=jdbc:postgresql://db.example.com:5432/app?ssl=true
			clerk.cache.listener-url=jdbc:p6spy:postgresql://db.example.com/app
			clerk.webhook.path=/api/v1/hooks/clerk-users_2.0~events:user@app/
			clerk.session-cookie.name=__session_Ab12!#$%&'*+.^_`|~-
			""")
	void valuesAtTheEdgesOfTheirRangeStart(String setting) {
		this.contextRunner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
	}

}
