package dev.clerkusers.it.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.clerkusers.autoconfigure.ClerkApiAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkCommandAutoConfiguration;
import dev.clerkusers.autoconfigure.ClerkSyncAutoConfiguration;
import dev.clerkusers.command.ClerkCommandException;
import dev.clerkusers.command.ClerkCommandRunner;
import dev.clerkusers.command.CreateSuperuserCommand;
import dev.clerkusers.command.PushUsersCommand;
import dev.clerkusers.command.SyncCommand;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.SyncRunLock;
import dev.clerkusers.sync.UserSyncStep;
import dev.clerkusers.user.ClerkUserAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkSyncAutoConfiguration} and {@link ClerkCommandAutoConfiguration} on a real
 * PostgreSQL: sync and push need the Backend API and the users table; every command backs
 * off.
 */
class ClerkSyncAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DatabaseContextRunners
		.withUsersTable(new ApplicationContextRunner())
		.withConfiguration(
				AutoConfigurations.of(ClerkSyncAutoConfiguration.class, ClerkCommandAutoConfiguration.class));

	@Test
	void withTheBackendApiAndTheUsersTableThereAreSyncPushAndTheirCommands() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc").run((context) -> {
			assertThat(context).hasSingleBean(ClerkSync.class)
				.hasSingleBean(UserSyncStep.class)
				.hasSingleBean(ClerkUserPush.class)
				.hasSingleBean(SyncCommand.class)
				.hasSingleBean(PushUsersCommand.class)
				.hasSingleBean(CreateSuperuserCommand.class)
				.hasSingleBean(ClerkCommandRunner.class);
		});
	}

	/**
	 * Black-box run 311 F2, F3: the lock that runs one sync or push at a time held a
	 * connection of the pool for the whole run, so a run on a pool of one (or in a
	 * caller's transaction on a pool of two) waited for a connection it held itself, and
	 * was stopped as an outage. Beside a Hikari pool the lock's connection is its own.
	 */
	@Test
	void theRunLockHoldsNoConnectionOfAHikariPool() {
		this.contextRunner
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.schema.migrate=false",
					"spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=1000")
			.run((context) -> {
				DataSource pool = context.getBean(DataSource.class);
				assertThat(context.getBean(SyncRunLock.class).run("sync", () -> {
					try (Connection connection = pool.getConnection()) {
						return connection.isValid(1);
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				})).isTrue();
			});
	}

	@Test
	void withoutASecretKeyOnlyTheLocalCommandsExist() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClerkSync.class)
			.doesNotHaveBean(SyncCommand.class)
			.hasSingleBean(CreateSuperuserCommand.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "push-users" })
	void withoutASecretKeyTheSyncAndPushCommandsSayThatTheKeyIsMissing(String command) {
		this.contextRunner.withPropertyValues("clerk.command=" + command)
			.run((context) -> assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> context.getBean(ClerkCommandRunner.class)
					.run(new DefaultApplicationArguments("--clerk.command=" + command)))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageContaining("'" + command + "'")
				.withMessageContaining("clerk.secret-key")
				.withMessageNotContaining("Unknown"));
	}

	/**
	 * Black-box run 166, F2: in an application without the users table there was no
	 * command runner, yet the command line still closed the server's port, so
	 * {@code --clerk.command=sync} ran nothing, said nothing and never exited. Each
	 * command now says that it needs the users table, and an unknown one is told so, as
	 * usage errors.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "sync", "push-users", "create-superuser" })
	void withoutTheUsersTableEveryCommandSaysThatItNeedsIt(String command) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClerkApiAutoConfiguration.class, ClerkSyncAutoConfiguration.class,
					ClerkCommandAutoConfiguration.class))
			.withPropertyValues("clerk.secret-key=sk_test_abc", "clerk.command=" + command)
			.run((context) -> assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> context.getBean(ClerkCommandRunner.class)
					.run(new DefaultApplicationArguments("--clerk.command=" + command)))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageContaining("'" + command + "'")
				.withMessageContaining("users table"));
	}

	@Test
	void withoutTheUsersTableAnUnknownCommandIsAUsageError() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkCommandAutoConfiguration.class))
			.withPropertyValues("clerk.command=nonsense")
			.run((context) -> assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> context.getBean(ClerkCommandRunner.class)
					.run(new DefaultApplicationArguments("--clerk.command=nonsense")))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageContaining("Unknown clerk.command 'nonsense'"));
	}

	/**
	 * Black-box run 208, F2: in an application without the users table an unknown command
	 * was answered "Available commands:" and nothing after it, as if the message had been
	 * cut off. It says that none is available, and what each of the library's needs.
	 */
	@Test
	void anUnknownCommandSaysWhatTheCommandsThisApplicationCannotRunNeed() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClerkCommandAutoConfiguration.class))
			.withPropertyValues("clerk.command=nonsense")
			.run((context) -> assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> context.getBean(ClerkCommandRunner.class)
					.run(new DefaultApplicationArguments("--clerk.command=nonsense")))
				.withMessageStartingWith("Unknown clerk.command 'nonsense'. No command is available here.")
				.withMessageContaining("Not available here:")
				.withMessageContaining("  sync: needs the users table")
				.withMessageContaining("  create-superuser: needs the users table")
				.withMessageNotContaining("Available commands:"));
		this.contextRunner.withPropertyValues("clerk.command=nonsense")
			.run((context) -> assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> context.getBean(ClerkCommandRunner.class)
					.run(new DefaultApplicationArguments("--clerk.command=nonsense")))
				.withMessageContaining("Available commands:" + System.lineSeparator() + "  create-superuser: ")
				.withMessageContaining(
						"Not available here:" + System.lineSeparator() + "  push-users: needs clerk.secret-key")
				.withMessageContaining("  sync: needs clerk.secret-key"));
	}

	@Test
	void commandsOfTheApplicationReplaceTheLibrarysOwn() {
		this.contextRunner.withPropertyValues("clerk.secret-key=sk_test_abc")
			.withUserConfiguration(OwnCommands.class)
			.run((context) -> {
				assertThat(context).getBeans(SyncCommand.class).containsOnlyKeys("ownSync");
				assertThat(context).getBeans(PushUsersCommand.class).containsOnlyKeys("ownPush");
				assertThat(context).getBeans(CreateSuperuserCommand.class).containsOnlyKeys("ownCreateSuperuser");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCommands {

		@Bean
		SyncCommand ownSync(ClerkSync sync) {
			return new SyncCommand(sync);
		}

		@Bean
		PushUsersCommand ownPush(ClerkUserPush push) {
			return new PushUsersCommand(push);
		}

		@Bean
		CreateSuperuserCommand ownCreateSuperuser(ClerkUserAccounts accounts) {
			return new CreateSuperuserCommand(accounts);
		}

	}

}
