package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A database outage as the test kit offers it: the database refuses connections and its
 * open ones end, and everything works again once it ends.
 */
class TestDatabaseOutageTests {

	private final TestDatabase database = ClerkTestDatabases.create();

	private final HikariDataSource pool = pool(this.database.username(), this.database.password());

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void anOutageEndsOpenConnectionsRefusesNewOnesAndTheDatabaseAnswersAgainWhenItEnds() throws SQLException {
		TestDatabaseOutage outage = TestDatabaseOutage.of(this.pool);
		try (Connection open = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password())) {
			assertThat(selectOne(open)).isEqualTo(1);
			try (TestDatabaseOutage begun = outage.begin()) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(open));
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager
					.getConnection(this.database.jdbcUrl(), this.database.username(), this.database.password()));
				assertThatExceptionOfType(SQLException.class).isThrownBy(this::selectOneThroughThePool);
			}
		}
		try (Connection again = this.pool.getConnection()) {
			assertThat(selectOne(again)).isEqualTo(1);
		}
	}

	@Test
	void theConnectionsThePoolHadBeforeTheOutageAreNotHandedOutAfterIt() throws SQLException {
		try (Connection before = this.pool.getConnection()) {
			assertThat(selectOne(before)).isEqualTo(1);
		}
		TestDatabaseOutage.of(this.pool).begin().end();
		for (int i = 0; i < 3; i++) {
			try (Connection after = this.pool.getConnection()) {
				assertThat(selectOne(after)).isEqualTo(1);
			}
		}
	}

	/**
	 * A pool that failed to connect for a while waits longer and longer between its
	 * attempts (HikariCP's back-off, up to 5 s); ending the outage waits for it to
	 * connect again, so the request after {@code end()} is served rather than timing out
	 * while the pool sleeps (black-box run 220).
	 */
	@Test
	void theFirstConnectionAfterALongOutageIsServedAtOnce() throws SQLException {
		try (TestDatabaseOutage outage = TestDatabaseOutage.of(this.pool).begin()) {
			for (int attempt = 0; attempt < 8; attempt++) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(this::selectOneThroughThePool);
			}
		}
		assertThat(selectOneThroughThePool()).isEqualTo(1);
	}

	@Test
	void otherDatabasesOnTheSameServerStayUp() throws SQLException {
		TestDatabase other = ClerkTestDatabases.create();
		try (TestDatabaseOutage outage = TestDatabaseOutage.of(this.pool).begin();
				Connection connection = DriverManager.getConnection(other.jdbcUrl(), other.username(),
						other.password())) {
			assertThat(outage.getDatabase()).isNotBlank();
			assertThat(selectOne(connection)).isEqualTo(1);
		}
	}

	@Test
	void beginningAndEndingTwiceDoesNothingMore() throws SQLException {
		TestDatabaseOutage outage = TestDatabaseOutage.of(this.pool);
		outage.end();
		outage.begin().begin();
		assertThatExceptionOfType(SQLException.class).isThrownBy(this::selectOneThroughThePool);
		outage.end();
		outage.end();
		try (Connection again = this.pool.getConnection()) {
			assertThat(selectOne(again)).isEqualTo(1);
		}
	}

	@Test
	void anOutageCanBeEndedByAHandleTakenWhileTheDatabaseIsDown() throws SQLException {
		TestDatabaseOutage.of(this.pool).begin();
		TestDatabaseOutage.of(this.pool).end();
		assertThat(selectOneThroughThePool()).isEqualTo(1);
	}

	@Test
	void theDatabaseIsTheOneTheJdbcUrlNames() {
		assertThat(TestDatabaseOutage.of(this.pool).getDatabase())
			.isEqualTo(this.database.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1"));
	}

	@Test
	void aDataSourceWhoseUrlIsNotPostgresIsRefused() {
		try (HikariDataSource other = new HikariDataSource()) {
			other.setJdbcUrl("jdbc:mysql://localhost/test");
			assertThatIllegalArgumentException().isThrownBy(() -> TestDatabaseOutage.of(other))
				.withMessage(
						"A database outage needs a PostgreSQL JDBC URL (jdbc:postgresql://…), not jdbc:mysql://localhost/test");
		}
	}

	@Test
	void aDataSourceThatIsNotAHikariPoolIsRefusedWithWhatItNeeds() {
		PGSimpleDataSource plain = new PGSimpleDataSource();
		plain.setUrl(this.database.jdbcUrl());
		assertThatIllegalArgumentException().isThrownBy(() -> TestDatabaseOutage.of(plain))
			.withMessage("A database outage needs the data source to be a HikariCP pool (Spring Boot's default), "
					+ "not a org.postgresql.ds.PGSimpleDataSource");
	}

	@Test
	void aUserWhoMayNotAlterTheDatabaseGetsAnErrorNamingTheUserAndTheDatabaseStaysUp() throws SQLException {
		String role = "outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection admin = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password()); Statement statement = admin.createStatement()) {
			statement.execute("create role " + role + " login password 'secret'");
		}
		try (HikariDataSource unprivileged = pool(role, "secret")) {
			TestDatabaseOutage outage = TestDatabaseOutage.of(unprivileged);
			assertThatIllegalStateException().isThrownBy(outage::begin)
				.withMessageContaining("as '" + role + "'")
				.withMessageContaining("must be owner of database " + outage.getDatabase());
			try (Connection stillUp = this.pool.getConnection()) {
				assertThat(selectOne(stillUp)).isEqualTo(1);
			}
		}
	}

	private HikariDataSource pool(String username, @Nullable String password) {
		HikariDataSource pool = new HikariDataSource();
		// without the embedded server's ?user=, which would override the user set here
		pool.setJdbcUrl(this.database.jdbcUrl().replaceFirst("\\?.*", ""));
		pool.setUsername(username);
		pool.setPassword(password);
		pool.setMaximumPoolSize(2);
		pool.setConnectionTimeout(250);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	private int selectOneThroughThePool() throws SQLException {
		try (Connection connection = this.pool.getConnection()) {
			return selectOne(connection);
		}
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			result.next();
			return result.getInt(1);
		}
	}

}
