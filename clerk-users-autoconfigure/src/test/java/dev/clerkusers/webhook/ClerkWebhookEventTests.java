package dev.clerkusers.webhook;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ClerkWebhookEventTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	/**
	 * Black-box run 106: an application that logs a {@link ClerkUserCreatedEvent} logged
	 * the whole delivery, the user's addresses and private metadata included. The event
	 * names itself by its envelope alone; its data is read with the accessors.
	 */
	@Test
	void itsTextNamesTheEventWithoutItsData() {
		JsonNode data = JSON.readTree("""
				{"id": "user_1", "email_addresses": [{"email_address": "ada@example.com"}],
				 "private_metadata": {"api_secret": "s3cr3t"}}""");
		JsonNode payload = JSON.createObjectNode().put("type", "user.created").set("data", data);
		ClerkWebhookEvent event = new ClerkWebhookEvent("msg_1", "user.created", data, payload,
				Instant.parse("2026-12-04T12:00:00Z"), "ins_1");
		assertThat(event.toString())
			.isEqualTo(
					"ClerkWebhookEvent[id=msg_1, type=user.created, timestamp=2026-12-04T12:00:00Z, instanceId=ins_1]")
			.doesNotContain("ada@example.com")
			.doesNotContain("s3cr3t");
		assertThat(event.data().path("private_metadata").path("api_secret").asString()).isEqualTo("s3cr3t");
	}

}
