package dev.clerkusers.command;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A command that failed because one of the library's tables does not exist: PostgreSQL's
 * {@code undefined_table} (SQL state 42P01), as when {@code clerk.schema.migrate=false}
 * and the scripts were never applied, or the connection's schema is another one. Its line
 * says what to do, in place of the driver's "bad SQL grammar" and a stack trace.
 */
final class MissingTable {

	/** The SQL state of a relation that does not exist. */
	private static final String UNDEFINED_TABLE = "42P01";

	/**
	 * How PostgreSQL names the relation: {@code relation "clerk_users" does not exist}.
	 */
	private static final Pattern RELATION = Pattern
		.compile("relation \"(?:[^\".]+\\.)?(clerk_[^\"]+)\" does not exist");

	private MissingTable() {
	}

	/**
	 * Whether a failure, or one of its causes, is a table that does not exist.
	 * @param failure the failure
	 * @return {@code true} for a missing table
	 */
	static boolean isMissingTable(Throwable failure) {
		return table(failure) != null;
	}

	/**
	 * What to tell an operator about a missing table, or {@code null} when the failure is
	 * none.
	 * @param failure the failure
	 * @return the explanation, or {@code null}
	 */
	static @Nullable String describe(Throwable failure) {
		String table = table(failure);
		if (table == null) {
			return null;
		}
		return "the table " + table + " does not exist in this database (or in the connection's schema): leave "
				+ "clerk.schema.migrate on, which creates the library's tables at start-up, or, with "
				+ "clerk.schema.migrate=false, apply the library's scripts first (operations.md, Schema)";
	}

	/**
	 * The library's table that a failure says does not exist, or {@code null}.
	 */
	private static @Nullable String table(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
				Matcher relation = RELATION.matcher(String.valueOf(sql.getMessage()));
				return relation.find() ? relation.group(1) : null;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
