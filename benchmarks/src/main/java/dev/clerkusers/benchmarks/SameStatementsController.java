package dev.clerkusers.benchmarks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The second reference of the webhook benchmark: the statements a {@code user.created}
 * delivery runs, in one transaction, written by hand with {@link JdbcTemplate} and
 * nothing of the library: the inbox row stored as processed, the Clerk id's advisory
 * lock, the lookup of the rows holding the user's Clerk id, email or username, and the
 * user's insert. No signature, no Hibernate, no handlers. What separates it from the
 * plain insert is the price of the guarantees themselves (the inbox, the lock, the
 * linking rules); what separates the webhook route from it is the library's own work.
 */
@RestController
class SameStatementsController {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	SameStatementsController(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@PostMapping("/baseline/same-statements")
	Map<String, Object> receive(@RequestBody JsonNode event) {
		JsonNode data = event.path("data");
		String clerkId = data.path("id").asString();
		String email = data.path("email_addresses").path(0).path("email_address").asString();
		Timestamp now = Timestamp.from(Instant.now());
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("""
					insert into clerk_webhook_events (svix_id, event_type, payload, event_timestamp, status, attempts,
					received_at, last_attempt_at, processed_at) values (?, ?, ?::jsonb, ?, 'processed', 1, ?, ?, ?)
					on conflict (svix_id) do nothing
					""", "msg_" + clerkId, event.path("type").asString(), event.toString(),
					new Timestamp(event.path("timestamp").asLong()), now, now, now);
			this.jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))::text", String.class, 0x436C726B,
					clerkId);
			if (!this.jdbc.queryForList(
					"select id from clerk_users where clerk_id = ? or lower(email collate \"C\") = ? or username = ?",
					Long.class, clerkId, email, null)
				.isEmpty()) {
				throw new IllegalStateException("User " + clerkId + " is stored already");
			}
			this.jdbc.update("""
					insert into clerk_users (id, uid, clerk_id, email, first_name, last_name, image_url,
					public_metadata, private_metadata, unsafe_metadata, is_active, clerk_created_at, clerk_updated_at,
					created_at, updated_at) values (nextval('clerk_users_id_seq'), ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,
					?::jsonb, true, ?, ?, ?, ?)
					""", UUID.randomUUID(), clerkId, email, data.path("first_name").asString(null),
					data.path("last_name").asString(null), data.path("image_url").asString(null),
					data.path("public_metadata").toString(), data.path("private_metadata").toString(),
					data.path("unsafe_metadata").toString(), new Timestamp(data.path("created_at").asLong()),
					new Timestamp(data.path("updated_at").asLong()), now, now);
		});
		return Map.of("status", "stored", "id", clerkId);
	}

}
