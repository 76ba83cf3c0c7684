package dev.clerkusers.samples.hybrid;

import java.time.Instant;
import java.util.Map;

import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.webhook.ClerkEvents;
import dev.clerkusers.test.webhook.ClerkWebhookClient;
import dev.clerkusers.test.webhook.ClerkWebhookClient.Delivery;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clerk's webhooks, signed as Svix signs them, delivered over HTTP to the application's
 * endpoint.
 */
@HybridApplicationTest
class WebhookTests {

	private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");

	private static final Instant T2 = Instant.parse("2026-05-01T11:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserRepository users;

	ClerkWebhookClient webhooks;

	@BeforeEach
	void client() {
		this.webhooks = ClerkWebhookClient.to("http://localhost:" + this.port + "/webhooks/clerk");
	}

	@Test
	void aSignedUserCreatedEventCreatesTheUserAndALaterUpdateChangesIt() {
		Delivery created = this.webhooks.deliver(ClerkEvents
			.userCreated(ClerkData.user("user_linus").email("linus@example.com").name("Linus", "T").updatedAt(T1)));
		assertThat(created.status()).isEqualTo(200);
		assertThat(this.users.findByClerkId("user_linus")).get()
			.extracting(ClerkUser::getEmail)
			.isEqualTo("linus@example.com");

		this.webhooks.deliver(ClerkEvents
			.userUpdated(ClerkData.user("user_linus").email("linus@kernel.example").name("Linus", "T").updatedAt(T2)));
		assertThat(this.users.findByClerkId("user_linus")).get()
			.extracting(ClerkUser::getEmail)
			.isEqualTo("linus@kernel.example");
	}

	@Test
	void aUserDeletedEventDeactivatesTheUser() {
		this.webhooks.deliver(ClerkEvents.userCreated(ClerkData.user("user_margaret").email("margaret@example.com")));
		this.webhooks.deliver(ClerkEvents.userDeleted("user_margaret"));
		assertThat(this.users.findByClerkId("user_margaret")).get().extracting(ClerkUser::isActive).isEqualTo(false);
	}

	@Test
	void anUnsignedDeliveryIsRefusedAndChangesNothing() {
		String body = ClerkEvents.userCreated(ClerkData.user("user_mallory").email("mallory@example.com")).toJson();
		Delivery refused = this.webhooks.post(body, Map.of("svix-id", "msg_forged", "svix-timestamp",
				String.valueOf(System.currentTimeMillis() / 1000), "svix-signature", "v1,bm90IGEgc2lnbmF0dXJl"));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("invalid-signature");
		assertThat(this.users.findByClerkId("user_mallory")).isEmpty();
	}

}
