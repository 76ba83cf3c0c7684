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

	/**
	 * Black-box run 312 F4: a time beyond a long's range threw Jackson's exception, which
	 * failed a {@code session.created} delivery, where the Javadoc promises an empty
	 * answer for what is no time between 1970 and 9999.
	 */
	@Test
	void aTimeIsReadOnlyWhenItIsOneAndEmptyOtherwise() {
		JsonNode data = JSON.readTree("""
				{"created_at": 1764892800000, "huge": 18446744073709551617, "negative": -18446744073709551617,
				 "text": "1764892800000", "far": 253402300800000}""");
		ClerkWebhookEvent event = new ClerkWebhookEvent("msg_1", "session.created", data,
				JSON.createObjectNode().set("data", data), null, null);
		assertThat(event.dataTime("created_at")).contains(Instant.ofEpochMilli(1764892800000L));
		assertThat(event.dataTime("huge")).isEmpty();
		assertThat(event.dataTime("negative")).isEmpty();
		assertThat(event.dataTime("text")).isEmpty();
		assertThat(event.dataTime("far")).isEmpty();
		assertThat(event.dataTime("missing")).isEmpty();
	}

}
