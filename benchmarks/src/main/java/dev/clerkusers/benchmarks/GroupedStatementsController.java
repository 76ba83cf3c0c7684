package dev.clerkusers.benchmarks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What group commit would give the webhook route, by hand and without the library, as
 * {@link SameStatementsController} is for one delivery per transaction: the deliveries
 * that arrive while a transaction runs wait, and the next transaction applies all of them
 * together (leader and followers: an idle server applies a lone delivery at once). Two
 * forms:
 * <ul>
 * <li>{@code /baseline/grouped-commit}: each delivery's statements as
 * {@link SameStatementsController} sends them, the commit shared;</li>
 * <li>{@code /baseline/grouped-batch}: the statements of the whole group sent together
 * (the inbox rows and the users in JDBC batches, one statement for the advisory locks in
 * a fixed order, one for the lookups), the commit shared.</li>
 * </ul>
 * Neither is a design: a failing delivery would fail its whole group here.
 * {@code -Dbench.group-lanes=N} lets N groups run at once (default 2, the machine's
 * cores).
 */
@RestController
class GroupedStatementsController {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final Grouping<JsonNode> oneByOne = new Grouping<>(this::commitOneByOne);

	private final Grouping<JsonNode> batched = new Grouping<>(this::commitBatched);

	GroupedStatementsController(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@PostMapping("/baseline/grouped-commit")
	Map<String, Object> groupedCommit(@RequestBody JsonNode event) {
		this.oneByOne.apply(event);
		return Map.of("status", "stored", "id", event.path("data").path("id").asString());
	}

	@PostMapping("/baseline/grouped-batch")
	Map<String, Object> groupedBatch(@RequestBody JsonNode event) {
		this.batched.apply(event);
		return Map.of("status", "stored", "id", event.path("data").path("id").asString());
	}

	private void commitOneByOne(List<JsonNode> events) {
		this.transaction.executeWithoutResult((status) -> {
			for (JsonNode event : events) {
				Row row = new Row(event);
				this.jdbc.update(INBOX, row.inboxArguments());
				this.jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))::text", String.class, 0x436C726B,
						row.clerkId);
				if (!this.jdbc.queryForList(
						"select id from clerk_users where clerk_id = ? or lower(email collate \"C\") = ? or username = ?",
						Long.class, row.clerkId, row.email, null)
					.isEmpty()) {
					throw new IllegalStateException("User " + row.clerkId + " is stored already");
				}
				this.jdbc.update(USER, row.userArguments());
			}
		});
	}

	private void commitBatched(List<JsonNode> events) {
		List<Row> rows = events.stream().map(Row::new).toList();
		String[] clerkIds = rows.stream().map((row) -> row.clerkId).sorted().toArray(String[]::new);
		String[] emails = rows.stream().map((row) -> row.email).toArray(String[]::new);
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.batchUpdate(INBOX, rows.stream().map(Row::inboxArguments).toList());
			this.jdbc.queryForList(
					"select pg_advisory_xact_lock(?, hashtext(id))::text from unnest(?::text[]) as id order by id",
					String.class, 0x436C726B, clerkIds);
			if (!this.jdbc
				.queryForList(
						"select id from clerk_users where clerk_id = any(?) or lower(email collate \"C\") = any(?)",
						Long.class, clerkIds, emails)
				.isEmpty()) {
				throw new IllegalStateException("A user of the group is stored already");
			}
			this.jdbc.batchUpdate(USER, rows.stream().map(Row::userArguments).toList());
		});
	}

	private static final String INBOX = """
			insert into clerk_webhook_events (svix_id, event_type, payload, event_timestamp, status, attempts,
			received_at, last_attempt_at, processed_at) values (?, ?, ?::jsonb, ?, 'processed', 1, ?, ?, ?)
			on conflict (svix_id) do nothing
			""";

	private static final String USER = """
			insert into clerk_users (id, uid, clerk_id, email, first_name, last_name, image_url,
			public_metadata, private_metadata, unsafe_metadata, is_active, clerk_created_at, clerk_updated_at,
			created_at, updated_at) values (nextval('clerk_users_id_seq'), ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,
			?::jsonb, true, ?, ?, ?, ?)
			""";

	/**
	 * One delivery's values, as {@link SameStatementsController} reads them.
	 */
	private static final class Row {

		final JsonNode event;

		final JsonNode data;

		final String clerkId;

		final String email;

		final Timestamp now = Timestamp.from(Instant.now());

		Row(JsonNode event) {
			this.event = event;
			this.data = event.path("data");
			this.clerkId = this.data.path("id").asString();
			this.email = this.data.path("email_addresses").path(0).path("email_address").asString();
		}

		Object[] inboxArguments() {
			return new Object[] { "msg_" + this.clerkId, this.event.path("type").asString(), this.event.toString(),
					new Timestamp(this.event.path("timestamp").asLong()), this.now, this.now, this.now };
		}

		Object[] userArguments() {
			return new Object[] { UUID.randomUUID(), this.clerkId, this.email,
					this.data.path("first_name").asString(null), this.data.path("last_name").asString(null),
					this.data.path("image_url").asString(null), this.data.path("public_metadata").toString(),
					this.data.path("private_metadata").toString(), this.data.path("unsafe_metadata").toString(),
					new Timestamp(this.data.path("created_at").asLong()),
					new Timestamp(this.data.path("updated_at").asLong()), this.now, this.now };
		}

	}

	/**
	 * Leader and followers: each caller queues its item and takes a lane; whoever holds a
	 * lane applies everything queued by then in one go, and a caller whose item another
	 * lane took waits for that lane's outcome.
	 */
	private static final class Grouping<T> {

		private final Queue<Waiting<T>> queue = new ConcurrentLinkedQueue<>();

		private final ReentrantLock[] lanes;

		private final Consumer<List<T>> work;

		Grouping(Consumer<List<T>> work) {
			this.work = work;
			this.lanes = new ReentrantLock[Integer.getInteger("bench.group-lanes", 2)];
			for (int i = 0; i < this.lanes.length; i++) {
				this.lanes[i] = new ReentrantLock();
			}
		}

		void apply(T item) {
			Waiting<T> mine = new Waiting<>(item);
			this.queue.add(mine);
			ReentrantLock lane = this.lanes[ThreadLocalRandom.current().nextInt(this.lanes.length)];
			lane.lock();
			try {
				if (!mine.outcome.isDone()) {
					List<Waiting<T>> group = new ArrayList<>();
					for (Waiting<T> next = this.queue.poll(); next != null; next = this.queue.poll()) {
						group.add(next);
					}
					if (!group.isEmpty()) {
						run(group);
					}
				}
			}
			finally {
				lane.unlock();
			}
			try {
				mine.outcome.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}

		private void run(List<Waiting<T>> group) {
			try {
				this.work.accept(group.stream().map((waiting) -> waiting.item).toList());
				group.forEach((waiting) -> waiting.outcome.complete(null));
			}
			catch (RuntimeException ex) {
				group.forEach((waiting) -> waiting.outcome.completeExceptionally(ex));
			}
		}

	}

	private record Waiting<T>(T item, CompletableFuture<Void> outcome) {

		Waiting(T item) {
			this(item, new CompletableFuture<>());
		}

	}

}
