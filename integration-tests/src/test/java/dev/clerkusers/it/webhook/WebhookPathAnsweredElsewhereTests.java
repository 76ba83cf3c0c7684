package dev.clerkusers.it.webhook;

import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.test.webhook.ClerkWebhookSigner;
import dev.clerkusers.user.ClerkUserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black-box run 298 F1: {@code clerk.webhook.path=/login} in an application with form
 * login started, and every delivery was answered 302 by form login's processing filter
 * before it reached the endpoint, silently: Svix counted each as failed, and nothing said
 * why. A delivery that another filter of the chain answers is logged, naming the path and
 * the property.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "clerk.webhook.path=/login")
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(AppSecurityConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class WebhookPathAnsweredElsewhereTests {

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserService users;

	@Test
	void aDeliveryAnotherFilterAnswersIsLoggedNamingThePathAndTheProperty(CapturedOutput output) {
		String body = ClerkEvents.userCreated(ClerkData.user("user_path").email("path@example.com")).toJson();
		Delivery delivery = ClerkWebhookClient.to("http://localhost:" + this.port + "/login")
			.post(body, ClerkWebhookSigner.test().sign(body));
		assertThat(delivery.status()).as("form login's answer").isEqualTo(302);
		assertThat(this.users.findByClerkId("user_path")).isEmpty();
		assertThat(output)
			.contains("A webhook delivery (POST /login) was answered 302 before it reached the webhook " + "endpoint")
			.contains("clerk.webhook.path");
	}

}
