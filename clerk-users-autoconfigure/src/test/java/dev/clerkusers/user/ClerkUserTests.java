package dev.clerkusers.user;

import java.time.Instant;

import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.webhook.ClerkSessionCreatedEvent;
import dev.clerkusers.webhook.ClerkSessionEndedEvent;
import dev.clerkusers.webhook.ClerkUserCreatedEvent;
import dev.clerkusers.webhook.ClerkUserDeletedEvent;
import dev.clerkusers.webhook.ClerkUserUpdatedEvent;
import dev.clerkusers.webhook.ClerkWebhookEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ClerkUserTests {

	/**
	 * Black-box run 135: the user's text carried the email address, so an application
	 * that logged a {@link ClerkUserCreatedEvent} (a record, whose text is its
	 * components') wrote the address to its log, where webhooks.md promises that logging
	 * an event does not.
	 */
	@Test
	void itsTextAndItsEventsNameTheUserWithoutAddresses() {
		ClerkUser user = new ClerkUser();
		user.setClerkId("user_1");
		user.setEmail("ada@example.com");
		user.setUsername("ada.lovelace@example.com");
		assertThat(user.toString()).isEqualTo("ClerkUser[uid=" + user.getUid() + ", clerkId=user_1, active=true]");
		JsonNode data = JsonMapper.shared().readTree("""
				{"id": "user_1", "email_addresses": [{"email_address": "ada@example.com"}]}""");
		ClerkWebhookEvent webhook = new ClerkWebhookEvent("msg_1", "user.created", data,
				JsonMapper.shared().createObjectNode().set("data", data), Instant.parse("2026-12-05T12:00:00Z"),
				"ins_1");
		assertThat(new Object[] { new ClerkUserCreatedEvent(user, SyncResult.Outcome.CREATED, webhook),
				new ClerkUserUpdatedEvent(user, SyncResult.Outcome.UPDATED, webhook),
				new ClerkUserDeletedEvent(user, webhook),
				new ClerkSessionCreatedEvent("sess_1", "user_1", user, webhook),
				new ClerkSessionEndedEvent("sess_1", "user_1", user, webhook) })
			.allSatisfy((event) -> assertThat(event.toString()).contains("user_1")
				.doesNotContain("ada@example.com")
				.doesNotContain("ada.lovelace"));
	}

}
