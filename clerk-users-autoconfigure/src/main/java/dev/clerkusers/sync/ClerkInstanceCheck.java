package dev.clerkusers.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.mirror.ClerkInstanceRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Records which Clerk instance the stored data comes from, and refuses a secret key of
 * another instance: a development key run against the production database would otherwise
 * list other users and reconcile away the real ones.
 * <p>
 * The instance of a secret key is the key id of its JWKS: Clerk names the signing key of
 * an instance by the instance id ({@code ins_…}). The first sync or push records it in
 * {@code clerk_instance}, unless a webhook delivery recorded its {@code instance_id}
 * before ({@code WebhookInstanceRecorder}). Before it does, the instance is asked for
 * twenty active linked users stored here, spread over their history (when three or more
 * are), and refused when it has none of them.
 */
public class ClerkInstanceCheck {

	private static final Log logger = LogFactory.getLog(ClerkInstanceCheck.class);

	/**
	 * How many active linked users stored here a key's instance is asked for before it is
	 * first recorded: chosen by a hash of their Clerk ids, so spread over the users'
	 * whole history rather than a recent batch that Clerk may have deleted since.
	 */
	private static final int LINKED_USERS_ASKED_FOR = 20;

	/**
	 * How many active linked users must be stored for the check to be made: with one or
	 * two, all may be gone from the right instance (a user deleted since its first
	 * sign-in), and reconcile's guards refuse to deactivate them all.
	 */
	private static final int FEWEST_LINKED_USERS = 3;

	/** Records an instance in place of any, as a forced sync or push does. */
	private static final String FORCED_RECORD = """
			insert into clerk_instance (id, instance_id, recorded_at) values (1, ?, ?)
			on conflict (id) do update set instance_id = excluded.instance_id, recorded_at = excluded.recorded_at
			""";

	private final ClerkApiClient api;

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Clock clock;

	/**
	 * Creates the check.
	 * @param api the Backend API, with the secret key to check
	 * @param jdbc the database of the stored data
	 * @param transactions the transactions of that database, in which the instance is
	 * recorded: each a new one ({@code PROPAGATION_REQUIRES_NEW}), so that the record
	 * never joins a transaction of the sync's caller
	 * @param clock the clock
	 */
	public ClerkInstanceCheck(ClerkApiClient api, JdbcTemplate jdbc, TransactionOperations transactions, Clock clock) {
		this.api = api;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Checks the secret key against the recorded instance, and records its instance when
	 * none is.
	 * @param force whether to accept a key of another instance, and record it
	 * @param dryRun whether to record nothing
	 * @throws SyncRefusedException when the key belongs to another instance
	 * @throws SyncAbortedException when Clerk or the database is unavailable
	 */
	public void verify(boolean force, boolean dryRun) {
		try {
			check(force, dryRun);
		}
		catch (RuntimeException ex) {
			SyncFailures.abortBeforeChangesOnOutage(ex, "checking which Clerk instance the secret key belongs to");
			throw ex;
		}
	}

	private void check(boolean force, boolean dryRun) {
		List<String> keyIds = keyIds(this.api.getJwks());
		if (keyIds.isEmpty()) {
			throw new SyncRefusedException("The Backend API answered a key set without key ids, so the Clerk instance"
					+ " of clerk.secret-key cannot be told");
		}
		String instance = keyIds.stream().filter((id) -> id.startsWith("ins_")).findFirst().orElse(keyIds.get(0));
		String recorded = recorded();
		if (recorded != null && keyIds.contains(recorded)) {
			return;
		}
		if (recorded != null && !force) {
			throw anotherInstance(instance, recorded);
		}
		if (recorded == null && !force) {
			checkKnowsLinkedUsers(instance);
		}
		if (dryRun) {
			return;
		}
		if (recorded != null) {
			logger.warn("Recording the Clerk instance " + instance + " in place of " + recorded + " (forced)");
		}
		if (force) {
			this.transactions.executeWithoutResult(
					(status) -> this.jdbc.update(FORCED_RECORD, instance, Timestamp.from(this.clock.instant())));
			return;
		}
		Optional<String> recordedNow = Objects.requireNonNull(this.transactions.execute((status) -> Optional
			.ofNullable(ClerkInstanceRecord.recordUnlessRecorded(this.jdbc, instance, this.clock.instant()))));
		String found = recordedNow.isPresent() ? recordedNow.get() : recorded();
		if (found != null && !keyIds.contains(found)) {
			// A webhook delivery recorded another instance since this check read none.
			throw anotherInstance(instance, found);
		}
		logger.info("Recorded the Clerk instance " + instance + " of clerk.secret-key as the one the data stored here"
				+ " comes from (clerk_instance): a sync or push with a key of another instance is refused from now on");
	}

	/**
	 * Refuses the key of an instance that has none of the linked users stored here,
	 * before its instance is recorded: with no instance recorded yet (accounts copied
	 * from another system, or stored by sign-ins alone), a key of another instance would
	 * otherwise store that instance's users, move addresses off the accounts, and be
	 * recorded as the data's own.
	 */
	private void checkKnowsLinkedUsers(String instance) {
		List<String> sample = this.jdbc.queryForList("""
				select clerk_id from clerk_users where clerk_id is not null and deleted_at is null and is_active
				order by hashtext(clerk_id), clerk_id limit ?
				""", String.class, LINKED_USERS_ASKED_FOR);
		if (sample.size() < FEWEST_LINKED_USERS) {
			return;
		}
		if (this.api.listUserJson(UserListQuery.byIds(sample)).isEmpty()) {
			throw new SyncRefusedException("clerk.secret-key belongs to the Clerk instance " + instance
					+ ", which has none of the " + sample.size() + " linked users stored here that it was asked for"
					+ " (" + sample.get(0) + " among them). Nothing was changed. Is it a key of another instance, a"
					+ " development key against a production database? Use the key of the instance your users come"
					+ " from; or, if it is that instance, run the sync once with --force and without --reconcile, which"
					+ " records " + instance + " (--force also goes past reconcile's guards).");
		}
	}

	private static SyncRefusedException anotherInstance(String instance, String recorded) {
		return new SyncRefusedException("clerk.secret-key belongs to the Clerk instance " + instance
				+ ", but the data stored here comes from the instance " + recorded
				+ ". Nothing was changed. Is it a development key against a production database? Use the key of "
				+ recorded + ", or run the sync with --force to sync from " + instance + " from now on.");
	}

	/**
	 * The recorded instance.
	 * @return the instance id, or {@code null} before the first sync, push or webhook
	 * delivery
	 */
	public @Nullable String recorded() {
		List<String> recorded = this.jdbc.queryForList("select instance_id from clerk_instance where id = 1",
				String.class);
		return recorded.isEmpty() ? null : recorded.get(0);
	}

	private static List<String> keyIds(JsonNode jwks) {
		List<String> ids = new ArrayList<>();
		for (JsonNode key : jwks.path("keys")) {
			String id = key.path("kid").asString("");
			if (!id.isEmpty()) {
				ids.add(id);
			}
		}
		return ids;
	}

}
