package dev.clerkusers.it.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.clerkusers.command.ClerkCommand;
import dev.clerkusers.command.ClerkCommandException;
import dev.clerkusers.it.Tables;
import dev.clerkusers.it.TestApplication;
import dev.clerkusers.it.sync.SyncTestConfiguration;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.database.ClerkTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code --clerk.command=sync} and {@code --clerk.command=push-users} against the fake
 * backend: once as an operator runs them, a whole application that exits afterwards, and
 * otherwise through the library's command runner inside the context of the sync tests (so
 * that no application starts for each of them).
 */
@SpringBootTest(classes = TestApplication.class)
@ClerkTestDatabase
@AutoConfigureFakeClerk
@Import(SyncTestConfiguration.class)
class SyncAndPushCommandTests {

	@Autowired
	FakeClerkBackend clerk;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void start() {
		Tables.empty(this.context);
		this.clerk.reset();
		for (int i = 0; i < 5; i++) {
			this.clerk.addUser(ClerkData.user("user_cmd_" + i)
				.email("cmd" + i + "@example.com")
				.createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
		}
	}

	/**
	 * Black-box run 50: sync's usage left out {@code --page-size}, which operations.md
	 * lists and the command takes.
	 */
	@Test
	void eachCommandsUsageListsEveryOptionItTakes() {
		assertThat(this.context.getBeansOfType(ClerkCommand.class).values()).isNotEmpty()
			.allSatisfy((command) -> assertThat(command.options())
				.allSatisfy((option) -> assertThat(command.description()).as(command.name()).contains("--" + option)));
	}

	/**
	 * Black-box run 204, F1: sync's usage showed {@code [--reconcile [--force]]}, which
	 * reads as if {@code --force} went only with {@code --reconcile}, while alone it
	 * switches the recorded Clerk instance; each option is shown on its own.
	 */
	@Test
	void syncsUsageShowsForceAsAnOptionOfItsOwn() {
		ClerkCommand sync = this.context.getBeansOfType(ClerkCommand.class)
			.values()
			.stream()
			.filter((command) -> command.name().equals("sync"))
			.findFirst()
			.orElseThrow();
		assertThat(sync.description()).contains("[--reconcile] [--force]").doesNotContain("[--reconcile [--force]]");
	}

	@Test
	void syncRunAsAnApplicationPrintsALinePerPageAndASummaryThenExits() {
		ScriptedConsole console = new ScriptedConsole();
		ConfigurableApplicationContext application = new Commands(this.context).runApplication(console,
				"--clerk.command=sync", "--page-size=2");
		assertThat(application.isActive()).as("the application closes after the command").isFalse();
		assertThat(console.transcript).filteredOn((line) -> line.startsWith("page ")).hasSize(3);
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("users: 5 processed, 5 created"));
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("organizations: 0 processed"));
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isEqualTo(5);
	}

	@Test
	void aDryRunSyncChangesNothing() {
		ScriptedConsole console = new ScriptedConsole();
		run(console, "--clerk.command=sync", "--dry-run", "--reconcile");
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("users (dry run): 5 processed, 5 created"));
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isZero();
	}

	@Test
	void aSyncWithFailuresExitsWithStatus1() {
		this.clerk.addUser(ClerkData.user(" user_cmd_bad ").email("bad@example.com"));
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED));
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isEqualTo(5);
	}

	/**
	 * Review 281, F5: a sync lists its first 20 failures; past them the command printed
	 * nothing and nothing was logged, while operations.md promised a line per failure.
	 * The command now says how many more failed, and every failure is logged.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSyncWithManyFailuresSaysHowManyItDoesNotListAndLogsEach(CapturedOutput output) {
		for (int i = 0; i < 25; i++) {
			this.clerk.addUser(ClerkData.user(" user_cmd_bad_" + i + " ").email("bad" + i + "@example.com"));
		}
		ScriptedConsole console = new ScriptedConsole();
		assertThatExceptionOfType(ClerkCommandException.class).isThrownBy(() -> run(console, "--clerk.command=sync"));
		assertThat(console.transcript).filteredOn((line) -> line.startsWith("  failed: ")).hasSize(20);
		assertThat(console.transcript).contains("  … and 5 more failed, each in the log");
		for (int i = 0; i < 25; i++) {
			assertThat(output).contains("user_cmd_bad_" + i + " ");
		}
	}

	/**
	 * Black-box run 193: the endpoint's answer to a run Clerk refused with 401 said what
	 * to check (the secret key), and the command's line did not, where a nightly job
	 * meets a rotated key.
	 */
	@Test
	void aSyncClerkRefusesExitsWithStatus1NamingTheSecretKey() {
		this.clerk.failNext(1, 401);
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("401")
			.withMessageContaining("check clerk.secret-key");
	}

	@Test
	void aRefusedReconcileExitsWithStatus1AndSaysWhy() {
		run(new ScriptedConsole(), "--clerk.command=sync");
		for (int i = 0; i < 5; i++) {
			this.clerk.removeUser("user_cmd_" + i);
		}
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--reconcile"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("listed no user")
			.withMessageContaining("--force");
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users where is_active", Long.class))
			.isEqualTo(5);
		run(new ScriptedConsole(), "--clerk.command=sync", "--reconcile", "--force");
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users where is_active", Long.class)).isZero();
	}

	@Test
	void aMistypedOptionStopsTheCommandBeforeItChangesAnything() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--dryrun"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--dryrun");
		// Black-box run 84 F1 (read in the source, not run): an option given twice,
		// with or without a value, stops the command.
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--dry-run=false", "--dry-run"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("Option given more than once: --dry-run");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--limit=5", "--limit=50"))
			.withMessageContaining("Option given more than once: --limit");
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isZero();
		this.jdbc.update("insert into clerk_users (id, uid, email, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), 'local@example.com', now(), now())");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=push-users", "--all", "--dry_run"))
			.withMessageContaining("--dry_run");
		assertThat(this.clerk.requests("POST", "/v1/users")).as("nobody created in Clerk").isEmpty();
	}

	/**
	 * operations.md: a command used wrongly, or that failed, says why in one line, with
	 * its exit status; not as an application that failed to start, with a stack trace.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aCommandThatFailsAsAnApplicationSaysWhyInOneLine(CapturedOutput output) {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> new Commands(this.context).runApplication(new ScriptedConsole(), "--clerk.command=sync",
					"--dryrun", "--logging.level.org.springframework.boot.autoconfigure.logging=info"));
		assertThat(output).contains("Unknown option --dryrun for 'sync'; nothing was done")
			.doesNotContain("Application run failed")
			.doesNotContain("Error starting ApplicationContext")
			.doesNotContain("\tat ");
	}

	/**
	 * Black-box run 228: with {@code clerk.schema.migrate=false} and the tables never
	 * created, a command failed with PostgreSQL's "relation does not exist" and a stack
	 * trace, and nothing said what to do.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "--clerk.command=sync",
			"--clerk.command=create-superuser --email=admin@example.com --password-stdin" })
	@ExtendWith(OutputCaptureExtension.class)
	void aCommandWithoutTheLibrarysTablesSaysHowToCreateThemInOneLine(String commandLine, CapturedOutput output) {
		this.jdbc.execute("create schema if not exists no_tables");
		List<String> arguments = new ArrayList<>(List.of(commandLine.split(" ")));
		arguments.addAll(List.of("--spring.datasource.hikari.schema=no_tables", "--clerk.schema.migrate=false",
				"--spring.flyway.enabled=false", "--spring.jpa.hibernate.ddl-auto=none"));
		ScriptedConsole console = ScriptedConsole.piped("a-long-enough-password");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> new Commands(this.context).runApplication(console, arguments.toArray(String[]::new)))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessageContaining("the table clerk_")
			.withMessageContaining("does not exist")
			.withMessageContaining("clerk.schema.migrate");
		assertThat(output).doesNotContain("\tat ");
	}

	@Test
	void aStrayArgumentOrADottedTypoStopsTheCommandBeforeItChangesAnything() {
		this.jdbc.update("insert into clerk_users (id, uid, email, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), 'local@example.com', now(), now())");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=push-users", "--all", "-dry-run"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("-dry-run");
		assertThat(this.clerk.requests()).as("nothing asked of Clerk, nobody created").isEmpty();
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "-dry-run"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE));
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--dry.run"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("--dry.run");
		assertThat(this.clerk.requests()).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from clerk_users", Long.class)).isOne();
		ScriptedConsole console = new ScriptedConsole();
		run(console, "--clerk.command=sync", "--dry-run", "--spring.main.banner-mode=off", "--server.port=0",
				"--logging.level.dev.clerkusers=warn", "--clerk.api.timeout=5s");
		assertThat(console.transcript).as("Spring properties are no options of the command")
			.anyMatch((line) -> line.startsWith("users (dry run): 5 processed"));
	}

	@Test
	void badOptionsAreUsageErrors() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--limit=10", "--reconcile"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining("full sync");
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--limit=ten"))
			.withMessageContaining("--limit");
		// Black-box run 156, F3: a number too large was "not a number".
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--limit=99999999999"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageStartingWith("--limit must be at most 2147483647, not '99999999999'; nothing was done. "
					+ "Usage: sync users (and organizations) from Clerk [--dry-run]");
		// Black-box run 280, F1: a value out of range named "the page size", not the
		// flag.
		for (String option : new String[] { "--page-size=0", "--page-size=501", "--offset=-1", "--limit=0" }) {
			assertThatExceptionOfType(ClerkCommandException.class).as(option)
				.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", option))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageStartingWith(option.substring(0, option.indexOf('=')) + ": ");
		}
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=sync", "--offset=3", "--reconcile"))
			.withMessageStartingWith("--reconcile: ");
	}

	@Test
	void pushUsersNeedsASelectionAndPushes() {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(new ScriptedConsole(), "--clerk.command=push-users"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE));
		run(new ScriptedConsole(), "--clerk.command=sync");
		this.jdbc.update("insert into clerk_users (id, uid, email, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), 'local@example.com', now(), now())");
		ScriptedConsole console = new ScriptedConsole();
		run(console, "--clerk.command=push-users", "--all");
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("push: 1 processed, 1 created"))
			.contains("  created without password: local@example.com");
		assertThat(this.jdbc.queryForObject("select clerk_id from clerk_users where email = 'local@example.com'",
				String.class))
			.startsWith("user_");
	}

	/**
	 * Black-box run 225: a push whose only trouble was a user left unlinked (another
	 * Clerk user claims its address) ended with "The push finished with failures", where
	 * nothing had failed and the operator had to read back to learn why.
	 */
	@Test
	void aPushThatLeavesAUserUnlinkedExitsWithStatus1CountingWhatItLeft() {
		run(new ScriptedConsole(), "--clerk.command=sync");
		this.clerk.addUser(
				ClerkData.user("user_cmd_claim").email("claim@example.com").email("admin@example.com", false, false));
		this.jdbc.update("insert into clerk_users (id, uid, email, created_at, updated_at) values "
				+ "(nextval('clerk_users_id_seq'), gen_random_uuid(), 'admin@example.com', now(), now())");
		ScriptedConsole console = new ScriptedConsole();
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> run(console, "--clerk.command=push-users", "--email=admin@example.com"))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.FAILED))
			.withMessage("The push left 1 user not linked and 0 failed; the lines above say why");
		assertThat(console.transcript).anyMatch((line) -> line.startsWith("  not linked: admin@example.com"));
	}

	private void run(ScriptedConsole console, String... args) {
		new Commands(this.context).run(console, args);
	}

}
