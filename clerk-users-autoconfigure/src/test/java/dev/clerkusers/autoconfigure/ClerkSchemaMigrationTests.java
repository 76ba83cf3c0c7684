package dev.clerkusers.autoconfigure;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClerkSchemaMigrationTests {

	/**
	 * Black-box run 111: a database that could not be reached at start-up was reported as
	 * "Could not take the lock of the migrations", its reason four causes down.
	 */
	@Test
	void aDatabaseThatCannotBeReachedIsReportedAsSuchWithItsReason() {
		ClerkSchemaMigration migration = new ClerkSchemaMigration(new UnreachableDataSource(),
				"clerk_users_schema_history", "classpath:db/clerk-users");
		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(migration::migrate)
			.withMessageContaining("Could not connect to the database")
			.withMessageContaining("clerk_users_schema_history")
			.withMessageContaining("Connection to localhost:5432 refused")
			.withMessageNotContaining("lock");
	}

	static class UnreachableDataSource extends AbstractDataSource {

		@Override
		public java.sql.Connection getConnection() throws SQLException {
			throw new SQLException("Connection to localhost:5432 refused", "08001");
		}

		@Override
		public java.sql.Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

	}

}
