package dev.clerkusers.autoconfigure;

import dev.clerkusers.user.ClerkUserService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A webhook signing secret in a web application without the users table: webhook support
 * needs the table, so no endpoint receives Clerk's deliveries, and start-up says so,
 * unless the test kit set the secret (a slice test). Imported by the servlet and the
 * reactive security auto-configurations.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(ClerkUserService.class)
@Conditional(ClerkWebhookAutoConfiguration.OnSigningSecretCondition.class)
class WebhookWithoutUsersConfiguration {

	private static final Log logger = LogFactory.getLog(ClerkWebhookAutoConfiguration.class);

	WebhookWithoutUsersConfiguration(Environment environment, ClerkProperties properties) {
		// In a test slice, the kit's annotation set the secret: nothing for its author to
		// do.
		// Processed ahead of time with a secret and run without one: nothing to say.
		if (!TestKitHint.isSetByTestKit(environment, "clerk.webhook.signing-secrets")
				&& !ClerkSettings.webhookSecrets(properties).isEmpty()) {
			logger.warn("clerk.webhook.signing-secrets has no effect without the users table (Spring Data JPA and a "
					+ "DataSource): no webhook endpoint is registered, and Clerk's deliveries are not received; leave "
					+ "the secret out, or give the application the users table");
		}
	}

}
