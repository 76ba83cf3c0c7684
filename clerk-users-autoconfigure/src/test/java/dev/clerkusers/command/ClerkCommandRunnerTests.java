package dev.clerkusers.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkCommandRunner} in an application context: what it takes for a command's
 * option, for a property of the application, and what stops the command before it runs.
 */
class ClerkCommandRunnerTests {

	private final List<ApplicationArguments> runs = new ArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("acme.tenant=first")
		.withUserConfiguration(BillingConfiguration.class)
		.withBean(ClerkCommandRunner.class,
				() -> new ClerkCommandRunner("demo", List.of(new DemoCommand(this.runs)), ClerkConsole.system()));

	@Test
	void aStrayArgumentStopsTheCommandBeforeItRuns() {
		this.contextRunner.run((context) -> {
			assertUsageError(context.getBean(ClerkCommandRunner.class), "-dry-run", "--clerk.command=demo", "-dry-run");
			assertUsageError(context.getBean(ClerkCommandRunner.class), "everything", "--clerk.command=demo",
					"--dry-run", "everything");
		});
		assertThat(this.runs).isEmpty();
	}

	@Test
	void aDottedOptionThatIsNoPropertyOfTheApplicationStopsTheCommandBeforeItRuns() {
		this.contextRunner.run((context) -> {
			assertUsageError(context.getBean(ClerkCommandRunner.class), "--dry.run", "--clerk.command=demo",
					"--dry.run");
			assertUsageError(context.getBean(ClerkCommandRunner.class), "--page.size", "--clerk.command=demo",
					"--page.size=10");
		});
		assertThat(this.runs).isEmpty();
	}

	/**
	 * Black-box run 54: {@code --dry-run --dry-run=false} ran for real, and of
	 * {@code --limit=2 --limit=3} the first won, without a word.
	 */
	@Test
	void anOptionGivenTwiceStopsTheCommandBeforeItRuns() {
		this.contextRunner.run((context) -> {
			assertUsageError(context.getBean(ClerkCommandRunner.class), "given more than once: --dry-run",
					"--clerk.command=demo", "--dry-run", "--dry-run=false");
			assertUsageError(context.getBean(ClerkCommandRunner.class), "given more than once: --limit",
					"--clerk.command=demo", "--limit=2", "--limit=3");
		});
		assertThat(this.runs).isEmpty();
	}

	/**
	 * Black-box run 54: {@code --limit=} (a script's {@code --limit=$N} with {@code N}
	 * unset) was read as no limit, and {@code sync --reconcile --limit=} ran a whole
	 * reconcile.
	 */
	@Test
	void anOptionGivenWithoutAValueIsRefusedNotLeftToItsWidestDefault() {
		for (String argument : List.of("--limit=", "--limit", "--limit= ")) {
			CommandOptions options = new CommandOptions(new DefaultApplicationArguments(argument));
			assertThatExceptionOfType(ClerkCommandException.class).as(argument)
				.isThrownBy(() -> options.number("limit"))
				.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
				.withMessageContaining("--limit needs a value");
		}
		assertThat(new CommandOptions(new DefaultApplicationArguments("--dry-run")).number("limit")).isNull();
		assertThat(new CommandOptions(new DefaultApplicationArguments("--limit=7")).number("limit")).isEqualTo(7);
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> new CommandOptions(new DefaultApplicationArguments("--dry-run=")).flag("dry-run"))
			.withMessageContaining("takes no value, or true or false");
	}

	/**
	 * Black-box run 214: an option the command itself refused ({@code --limit=abc},
	 * {@code --page-size=0}) was answered with the reason alone, where an unknown option
	 * is answered with the usage line too.
	 */
	@Test
	void anOptionValueTheCommandRefusesIsAnsweredWithTheUsageLineToo() {
		this.contextRunner.run((context) -> {
			ClerkCommandRunner runner = context.getBean(ClerkCommandRunner.class);
			assertUsageError(runner, "--limit must be a number, not 'abc'", "--clerk.command=demo", "--limit=abc");
			assertThatExceptionOfType(ClerkCommandException.class)
				.isThrownBy(() -> runner.run(new DefaultApplicationArguments("--clerk.command=demo", "--limit=")))
				.withMessage("--limit needs a value; nothing was done. Usage: demo things [--dry-run] [--limit=N]");
		});
		assertThat(this.runs).isEmpty();
	}

	@Test
	void propertiesOfSpringBootOfTheLibraryAndOfTheApplicationAreLeftToThem() {
		this.contextRunner.run((context) -> context.getBean(ClerkCommandRunner.class)
			.run(new DefaultApplicationArguments("--clerk.command=demo", "--dry-run", "--limit=3",
					"--spring.main.banner-mode=off", "--server.port=0", "--logging.level.root=warn",
					"--management.endpoints.web.exposure.include=health", "--clerk.api.timeout=5s", "--debug",
					"--acme.tenant=second", "--billing.api-url=http://localhost")));
		assertThat(this.runs).singleElement()
			.satisfies((arguments) -> assertThat(arguments.getOptionValues("acme.tenant")).containsExactly("second"));
	}

	private static void assertUsageError(ClerkCommandRunner runner, String named, String... args) {
		assertThatExceptionOfType(ClerkCommandException.class)
			.isThrownBy(() -> runner.run(new DefaultApplicationArguments(args)))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ClerkCommandException.USAGE))
			.withMessageContaining(named)
			.withMessageContaining("nothing was done")
			.withMessageContaining("Usage: demo things [--dry-run] [--limit=N]");
	}

	private record DemoCommand(List<ApplicationArguments> runs) implements ClerkCommand {

		@Override
		public String name() {
			return "demo";
		}

		@Override
		public String description() {
			return "demo things [--dry-run] [--limit=N]";
		}

		@Override
		public Set<String> options() {
			return Set.of("dry-run", "limit");
		}

		@Override
		public void run(ApplicationArguments arguments, ClerkConsole console) {
			new CommandOptions(arguments).number("limit");
			this.runs.add(arguments);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BillingProperties.class)
	static class BillingConfiguration {

	}

	@ConfigurationProperties("billing")
	static class BillingProperties {

		private String apiUrl = "https://billing.example.com";

		public String getApiUrl() {
			return this.apiUrl;
		}

		public void setApiUrl(String apiUrl) {
			this.apiUrl = apiUrl;
		}

	}

}
