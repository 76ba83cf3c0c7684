package dev.clerkusers.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A sync step of the application's own builds its summary with the builder, whose counts
 * start at zero (review 349: the record's constructor was the only way, and it gains a
 * component when the library counts one more thing).
 */
class SyncSummaryTests {

	@Test
	void aStepOfTheApplicationsOwnSetsWhatItCountsAndTheRestIsZero() {
		List<String> failures = new ArrayList<>(List.of("inv_1: no customer"));
		SyncSummary summary = SyncSummary.builder("invoices")
			.processed(12)
			.created(10)
			.failed(1)
			.pages(2)
			.apiCalls(3)
			.duration(Duration.ofSeconds(2))
			.failures(failures)
			.dryRun(true)
			.build();
		failures.clear();
		assertThat(summary).isEqualTo(new SyncSummary("invoices", 12, 10, 0, 0, 0, 0, 1, 2, 3, Duration.ofSeconds(2),
				List.of("inv_1: no customer"), true));
		assertThat(summary.describe()).startsWith("invoices (dry run): 12 processed, 10 created, 0 linked");
	}

	@Test
	void theFirstTwentyFailuresAreReported() {
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			failures.add("inv_" + i + ": no customer");
		}
		SyncSummary summary = SyncSummary.builder("invoices").failed(25).failures(failures).build();
		assertThat(summary.failures()).hasSize(20).startsWith("inv_0: no customer").endsWith("inv_19: no customer");
		assertThat(summary.failed()).isEqualTo(25);
	}

	@Test
	void anEmptyBuilderIsAStepThatDidNothing() {
		assertThat(SyncSummary.builder("invoices").build())
			.isEqualTo(new SyncSummary("invoices", 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, List.of(), false));
		assertThatIllegalArgumentException().isThrownBy(() -> SyncSummary.builder(" "))
			.withMessage("step must not be empty");
	}

}
