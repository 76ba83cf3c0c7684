package dev.clerkusers.it.command;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clerkusers.command.ClerkCommandException;
import dev.clerkusers.command.ClerkConsole;
import dev.clerkusers.it.AppSecurityConfiguration;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.sync.SyncTestConfiguration;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code --clerk.command=create-superuser}: once as an operator runs it, a whole
 * application that exits afterwards, and otherwise through the library's command runner
 * inside the context of the sync tests (so that no application starts for each of them);
 * each checks the database afterwards.
 */
@SpringBootTest(classes = TestApplication.class)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SyncTestConfiguration.class)
class CreateSuperuserCommandTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void emptyTables() {
		Tables.empty(this.context);
	}

	@Test
	void createsASuperuserFromTheEmailOptionAndAPasswordTypedTwiceThenExits() {
		ScriptedConsole console = new ScriptedConsole("a long secret", "a long secret");
		ConfigurableApplicationContext application = new Commands(this.context).runApplication(console,
				"--clerk.command=create-superuser", "--email=root@Example.COM");
		assertThat(application.isActive()).as("the application closes after the command").isFalse();
		assertThat(console.transcript).contains("Password: ", "Password (again): ")
			.anyMatch((line) -> line.startsWith("Superuser root@example.com created"));
		Map<String, Object> row = this.jdbc.queryForMap(
				"select is_staff, is_superuser, password, clerk_id from clerk_users where email = ?",
				"root@example.com");
		assertThat(row).containsEntry("is_staff", true).containsEntry("is_superuser", true);
		assertThat(row.get("clerk_id")).isNull();
		assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder()
			.matches("a long secret", (String) row.get("password"))).isTrue();
	}

	/**
	 * An application that declares its own filter chains (a {@code SecurityFilterChain}
	 * bean built from {@code HttpSecurity}, as the getting-started guide's) runs the
	 * command too, and serves nothing while it does: no port is opened, so it runs beside
	 * the serving application on the same host.
	 */
	@Test
	void anApplicationWithItsOwnFilterChainsRunsTheCommandWithoutOpeningAPort() {
		ScriptedConsole console = new ScriptedConsole("a long secret", "a long secret");
		ConfigurableApplicationContext application = new Commands(this.context).runApplication(console,
				new Class<?>[] { TestApplication.class, AppSecurityConfiguration.class, PortRecorder.class },
				"--clerk.command=create-superuser", "--email=chains@example.com", "--server.port=8080");
		assertThat(application.isActive()).isFalse();
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("Superuser chains@example.com created"));
		assertThat(PortRecorder.ports).isNotEmpty().allMatch((port) -> port < 0);
		assertThat(PortRecorder.ready).as("the application's own listeners of its start ran").isTrue();
	}

	/**
	 * Records the ports the application's web servers listen on, and listens for the
	 * application's start as an application's own bean does.
	 */
	static class PortRecorder implements ApplicationListener<WebServerInitializedEvent> {

		static final List<Integer> ports = new CopyOnWriteArrayList<>();

		static volatile boolean ready;

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			ports.add(event.getWebServer().getPort());
		}

		@EventListener
		void started(ApplicationReadyEvent event) {
			ready = true;
		}

	}

	@Test
	void asksForTheEmailWhenItIsNotGiven() {
		ScriptedConsole console = new ScriptedConsole("asked@example.com", "a long pass phrase", "a long pass phrase");
		run(console, "--clerk.command=create-superuser");
		assertThat(console.transcript).startsWith("Email: ");
		assertThat(count("asked@example.com")).isOne();
	}

	@Test
	void refusesAPasswordGivenOnTheCommandLine() {
		ScriptedConsole console = new ScriptedConsole();
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=create-superuser", "--email=x@example.com",
					"--password=visible-in-ps"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("never taken from the command line");
		assertThat(count("x@example.com")).isZero();
	}

	@Test
	void failsWithANonZeroStatusWhenThePasswordsDiffer() {
		ScriptedConsole console = new ScriptedConsole("one password", "another one");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=create-superuser", "--email=y@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("do not match");
		assertThat(count("y@example.com")).isZero();
	}

	/**
	 * Black-box run 316 F1: the end of input (Ctrl-D) at the first prompt was taken for
	 * an empty password, and the command asked for it again, waiting there.
	 */
	@Test
	void theEndOfInputAtThePasswordPromptStopsTheCommandWithoutAskingAgain() {
		ScriptedConsole console = new ScriptedConsole();
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=create-superuser", "--email=eof@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("A password is required");
		assertThat(console.transcript).containsExactly("Password: ");
		assertThat(count("eof@example.com")).isZero();
		// Run 322: at the second prompt, the end of input was told as passwords that
		// differ.
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole("a long pass phrase"), "--clerk.command=create-superuser",
					"--email=eof@example.com"))
			.withMessage("The password was not typed again; nothing was done");
		assertThat(count("eof@example.com")).isZero();
	}

	@Test
	void failsWhenTheEmailIsTaken() {
		run(new ScriptedConsole("a long pass phrase", "a long pass phrase"), "--clerk.command=create-superuser",
				"--email=dup@example.com");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole("a long pass phrase", "a long pass phrase"),
					"--clerk.command=create-superuser", "--email=DUP@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("already exists");
	}

	@Test
	void withoutATerminalThePasswordIsReadFromStandardInputOnlyWhenAskedTo() {
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

	/**
	 * Black-box run 156, F2: without a terminal the email was asked on standard input, so
	 * the password piped there was taken for the email, refused as "not an email address"
	 * and written to the log.
	 */
	@Test
	void withoutATerminalTheEmailMustBeGivenAndThePipedPasswordIsNeverReadForIt() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(ScriptedConsole.piped("Secret-Passw0rd-xxxx"), "--clerk.command=create-superuser",
					"--password-stdin"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--email")
			.withMessageNotContaining("Secret-Passw0rd-xxxx");
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Integer.class)).isZero();
	}

	@Test
	void aPasswordTooShortTooLongOrTheEmailIsRefused() {
		// Six emoji are 12 UTF-16 units but 6 characters (black-box run 152, F3: they
		// passed the 12-character rule).
		for (String password : List.of("short pass", "\uD83D\uDE00".repeat(6), "é".repeat(37), "weak@example.com")) {
			assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> run(new ScriptedConsole(password, password), "--clerk.command=create-superuser",
						"--email=weak@example.com"))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
				.withMessageContaining("password must");
		}
		assertThat(count("weak@example.com")).isZero();
	}

	@Test
	void anUnknownOptionStopsTheCommandBeforeItRuns() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole("a long pass phrase", "a long pass phrase"),
					"--clerk.command=create-superuser", "--email=typo@example.com", "--emial=typo@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--emial");
		assertThat(count("typo@example.com")).isZero();
	}

	/**
	 * An unknown command lists the available ones. Black-box run 174: so does an empty
	 * one on the command line ({@code --clerk.command=}, a script's unset variable),
	 * which was taken for no command, and the application served requests instead of
	 * exiting.
	 */
	@Test
	void anUnknownCommandListsTheAvailableOnes() {
		for (String name : new String[] { "make-coffee", "" }) {
			assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=" + name))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageContaining("Unknown clerk.command '" + name + "'")
				.withMessageContaining("create-superuser");
		}
	}

	private void run(ClerkConsole console, String... args) {
		new Commands(this.context).run(console, args);
	}

	private int count(String email) {
		return this.jdbc.queryForObject("select count(*) from clerk_users where lower(email) = lower(?)", Integer.class,
				email);
	}

}
