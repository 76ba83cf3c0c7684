package dev.clerkusers.mirror;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * PostgreSQL advisory locks held until the current transaction ends, one per Clerk
 * record: the writers of one record wait for each other, on every application instance
 * sharing the database. Locks are keyed by a namespace (one per kind of record) and the
 * record's key, hashed with PostgreSQL's {@code hashtext}.
 * <p>
 * Must be called inside a transaction on the database's connection.
 */
public class AdvisoryLocks {

	/** Separates keys in the single statement of {@link #lockAll}. */
	private static final char SEPARATOR = '\u001F';

	private final JdbcTemplate jdbc;

	/**
	 * Creates the locks.
	 * @param jdbc the database, on the same data source as the transactions
	 */
	public AdvisoryLocks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the lock of a record, waiting for the transaction that holds it.
	 * @param namespace the kind of record
	 * @param key the record's key, for example its Clerk id
	 */
	public void lock(int namespace, String key) {
		checkKey(key);
		this.jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))::text", String.class, namespace, key);
	}

	/**
	 * Takes the locks of many records in one statement, in a fixed order, so that
	 * concurrent callers locking overlapping sets cannot deadlock.
	 * @param namespace the kind of record
	 * @param keys the records' keys
	 */
	public void lockAll(int namespace, Collection<String> keys) {
		List<String> sorted = List.copyOf(new TreeSet<>(keys));
		if (sorted.isEmpty()) {
			return;
		}
		if (sorted.size() == 1) {
			lock(namespace, sorted.get(0));
			return;
		}
		sorted.forEach(AdvisoryLocks::checkKey);
		this.jdbc.queryForList("""
				select count(*) from (select pg_advisory_xact_lock(?, hashtext(id))
				from (select distinct id from unnest(string_to_array(?, chr(31))) as ids(id) order by id) as ordered)
				as clerk_locks""", Long.class, namespace, String.join(String.valueOf(SEPARATOR), sorted));
	}

	private static void checkKey(String key) {
		Assert.isTrue(key.indexOf(SEPARATOR) < 0, "A lock key must not contain the unit separator");
	}

}
