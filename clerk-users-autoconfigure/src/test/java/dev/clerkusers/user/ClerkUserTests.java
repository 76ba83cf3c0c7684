package dev.clerkusers.user;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
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

	/**
	 * Black-box run 232 F3: a form login's session held its user, hash included, for a
	 * session store outside the JVM to write. Java serialization leaves the hash behind,
	 * and the user read back still says it has a password; the user in memory keeps it.
	 */
	@Test
	void javaSerializationWritesTheUserWithoutItsPasswordHash() throws Exception {
		ClerkUser user = new ClerkUser();
		user.setEmail("desk@example.com");
		user.setPassword("{bcrypt}$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
		byte[] bytes = serialize(user);
		assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("desk@example.com")
			.doesNotContain("$2a$10$abcdefghijklmnopqrstuv");
		ClerkUser readBack = deserialize(bytes);
		assertThat(readBack.getUid()).isEqualTo(user.getUid());
		assertThat(readBack.getEmail()).isEqualTo("desk@example.com");
		assertThat(readBack.getPassword()).isNull();
		assertThat(readBack.hasPassword()).isTrue();
		assertThat(user.getPassword()).startsWith("{bcrypt}");
		ClerkUser withoutPassword = new ClerkUser();
		assertThat(deserialize(serialize(withoutPassword)).hasPassword()).isFalse();
	}

	private static byte[] serialize(ClerkUser user) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(user);
		}
		return bytes.toByteArray();
	}

	private static ClerkUser deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return (ClerkUser) in.readObject();
		}
	}

}
