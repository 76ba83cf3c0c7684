package dev.clerkusers.it.command;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import dev.clerkusers.command.ClerkCommandException;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.test.database.ClerkTestDatabases;
import dev.clerkusers.test.database.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the application the way an operator would, with
 * {@code --clerk.command=create-superuser}, and checks the database afterwards.
 */
class CreateSuperuserCommandTests {

	private TestDatabase database;

	@BeforeEach
	void database() {
		this.database = ClerkTestDatabases.create();
	}

	@Test
	void createsASuperuserFromTheEmailOptionAndAPasswordTypedTwiceThenExits() throws SQLException {
		ScriptedConsole console = new ScriptedConsole("a long secret", "a long secret");
		ConfigurableApplicationContext context = run(console, "--clerk.command=create-superuser",
				"--email=root@Example.COM");
		assertThat(context.isActive()).as("the application closes after the command").isFalse();
		assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
		assertThat(console.transcript).contains("Password: ", "Password (again): ")
			.anyMatch((line) -> line.startsWith("Superuser root@example.com created"));
		try (Connection connection = connect();
				PreparedStatement query = connection.prepareStatement(
						"select is_staff, is_superuser, password, clerk_id from clerk_users where email = ?")) {
			query.setString(1, "root@example.com");
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getBoolean("is_staff")).isTrue();
				assertThat(row.getBoolean("is_superuser")).isTrue();
				assertThat(row.getString("clerk_id")).isNull();
				assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder()
					.matches("a long secret", row.getString("password"))).isTrue();
			}
		}
	}

	@Test
	void asksForTheEmailWhenItIsNotGiven() throws SQLException {
		ScriptedConsole console = new ScriptedConsole("asked@example.com", "a long pass phrase", "a long pass phrase");
		run(console, "--clerk.command=create-superuser");
		assertThat(console.transcript).startsWith("Email: ");
		assertThat(count("asked@example.com")).isOne();
	}

	@Test
	void refusesAPasswordGivenOnTheCommandLine() throws SQLException {
		ScriptedConsole console = new ScriptedConsole();
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=create-superuser", "--email=x@example.com",
					"--password=visible-in-ps"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("never taken from the command line");
		assertThat(count("x@example.com")).isZero();
	}

	@Test
	void failsWithANonZeroStatusWhenThePasswordsDiffer() throws SQLException {
		ScriptedConsole console = new ScriptedConsole("one password", "another one");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=create-superuser", "--email=y@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("do not match");
		assertThat(count("y@example.com")).isZero();
	}

	@Test
	void failsWhenTheEmailIsTaken() {
		run(new ScriptedConsole("a long pass phrase", "a long pass phrase"), "--clerk.command=create-superuser",
				"--email=dup@example.com");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole("a long pass phrase", "a long pass phrase"),
					"--clerk.command=create-superuser", "--email=DUP@example.com"))
			.withMessageContaining("already exists");
	}

	@Test
	void withoutATerminalThePasswordIsReadFromStandardInputOnlyWhenAskedTo() throws SQLException {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(ScriptedConsole.piped("a long pass phrase"), "--clerk.command=create-superuser",
					"--email=piped@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--password-stdin");
		assertThat(count("piped@example.com")).isZero();
		run(ScriptedConsole.piped("a long pass phrase"), "--clerk.command=create-superuser",
				"--email=piped@example.com", "--password-stdin");
		assertThat(count("piped@example.com")).isOne();
	}

	@Test
	void aPasswordTooShortTooLongOrTheEmailIsRefused() throws SQLException {
		for (String password : List.of("short pass", "é".repeat(37), "weak@example.com")) {
			assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> run(new ScriptedConsole(password, password), "--clerk.command=create-superuser",
						"--email=weak@example.com"))
				.withMessageContaining("password must");
		}
		assertThat(count("weak@example.com")).isZero();
	}

	@Test
	void anUnknownOptionStopsTheCommandBeforeItRuns() throws SQLException {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole("a long pass phrase", "a long pass phrase"),
					"--clerk.command=create-superuser", "--email=typo@example.com", "--emial=typo@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--emial");
		assertThat(count("typo@example.com")).isZero();
	}

	@Test
	void anUnknownCommandListsTheAvailableOnes() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=make-coffee"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("make-coffee")
			.withMessageContaining("create-superuser");
	}

	private ConfigurableApplicationContext run(ClerkConsole console, String... args) {
		return new SpringApplicationBuilder(TestApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("clerkConsole", console))
			.properties("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.username(), "logging.level.root=warn")
			.run(args);
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(), "");
	}

	private int count(String email) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement query = connection
					.prepareStatement("select count(*) from clerk_users where lower(email) = lower(?)")) {
			query.setString(1, email);
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getInt(1);
			}
		}
	}

}
