package dev.clerkusers.mirror;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of the Clerk instance the stored data comes from ({@code clerk_instance}),
 * which the first sync, push or webhook delivery makes, and nothing but a forced sync
 * changes.
 * <p>
 * Internal to clerk-users, shared by its packages: not public API (see
 * {@code docs/versioning.md}).
 */
public final class ClerkInstanceRecord {

	/**
	 * Inserts the instance unless one is recorded, and answers the one recorded: the
	 * inserted row, or the one found (a statement does not see its own insert).
	 */
	private static final String RECORD = """
			with inserted as (
				insert into clerk_instance (id, instance_id, recorded_at) values (1, ?, ?)
				on conflict (id) do nothing
				returning instance_id
			)
			select instance_id from inserted
			union all
			select instance_id from clerk_instance where id = 1
			""";

	private ClerkInstanceRecord() {
	}

	/**
	 * Records an instance unless one is recorded, in one statement of the current
	 * transaction.
	 * @param jdbc the database of the stored data
	 * @param instance the instance id
	 * @param at when it is recorded
	 * @return the instance recorded, this one or the one found, or {@code null} when a
	 * transaction that committed while the statement ran recorded one (read it again)
	 */
	public static @Nullable String recordUnlessRecorded(JdbcTemplate jdbc, String instance, Instant at) {
		List<String> recorded = jdbc.queryForList(RECORD, String.class, instance, Timestamp.from(at));
		return recorded.isEmpty() ? null : recorded.get(0);
	}

}
