package dev.clerkusers.autoconfigure;

import java.io.Serial;
import java.sql.SQLException;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Thrown when the library cannot connect to the database to migrate its tables, which it
 * does at start-up: {@link ClerkDatabaseUnreachableFailureAnalyzer} then says what to
 * check, rather than a stack trace.
 */
final class ClerkDatabaseUnreachableException extends DataAccessResourceFailureException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String historyTable;

	private final String reason;

	ClerkDatabaseUnreachableException(String historyTable, SQLException cause) {
		// The reason first: an unreachable database is the likely cause at start-up.
		super("Could not connect to the database to migrate the tables of " + historyTable + ": " + reason(cause),
				cause);
		this.historyTable = historyTable;
		this.reason = reason(cause);
	}

	private static String reason(SQLException cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

	String getHistoryTable() {
		return this.historyTable;
	}

	/**
	 * The driver's reason.
	 */
	String getReason() {
		return this.reason;
	}

}
