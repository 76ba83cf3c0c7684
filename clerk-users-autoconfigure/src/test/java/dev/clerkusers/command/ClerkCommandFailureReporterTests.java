package dev.clerkusers.command;

import dev.clerkusers.sync.SyncRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failed command is reported: the library's own failures in one line, an unexpected
 * one with its stack trace, and any other failure of the application left to Spring Boot.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClerkCommandFailureReporterTests {

	private final ClerkCommandFailureReporter reporter = new ClerkCommandFailureReporter();

	@Test
	void aUsageErrorIsOneLine(CapturedOutput output) {
		assertThat(this.reporter.reportException(
				new ClerkCommandException("Unknown option --dryrun for 'sync'", ClerkCommandException.USAGE)))
			.isTrue();
		assertThat(output).contains("Unknown option --dryrun for 'sync'").doesNotContain("\tat ");
	}

	@Test
	void aFailureTheLibraryExplainsIsOneLine(CapturedOutput output) {
		assertThat(
				this.reporter.reportException(new ClerkCommandException("clerk command 'sync' failed: another instance",
						new SyncRefusedException("another instance"))))
			.isTrue();
		assertThat(output).contains("clerk command 'sync' failed: another instance").doesNotContain("\tat ");
	}

	@Test
	void anUnexpectedFailureKeepsItsStackTrace(CapturedOutput output) {
		assertThat(this.reporter.reportException(
				new ClerkCommandException("clerk command 'sync' failed: null", new NullPointerException())))
			.isTrue();
		assertThat(output).contains("clerk command 'sync' failed: null")
			.contains("java.lang.NullPointerException")
			.contains("\tat ");
	}

	@Test
	void anyOtherFailureIsLeftToSpringBoot(CapturedOutput output) {
		assertThat(this.reporter.reportException(new IllegalStateException("no DataSource"))).isFalse();
		assertThat(output).isEmpty();
	}

}
