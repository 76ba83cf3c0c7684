package dev.clerkusers.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary lines of a sync and a push keep the shape operations.md prints, whatever
 * the JVM's default locale: a log parser or an alert reads them.
 */
class SummaryLineTests {

	private Locale defaultLocale;

	@BeforeEach
	void useGermanLocale() {
		this.defaultLocale = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
	}

	@AfterEach
	void restoreLocale() {
		Locale.setDefault(this.defaultLocale);
	}

	@Test
	void aSyncSummaryIsWrittenWithADecimalPointUnderAnyLocale() {
		SyncSummary summary = new SyncSummary("users", 12345, 9, 1, 2, 12333, 0, 0, 20, 21, Duration.ofMillis(2500),
				List.of(), false);

		assertThat(summary.describe()).isEqualTo("users: 12345 processed, 9 created, 1 linked, 2 updated, "
				+ "12333 unchanged, 0 deactivated, 0 failed (20 pages, 21 API calls, 2.5 s, 4938/s)");
	}

	@Test
	void aPushSummaryIsWrittenWithADecimalPointUnderAnyLocale() {
		PushSummary summary = new PushSummary(3, 2, 1, 1, List.of("ann@example.com"), List.of(), List.of(),
				Duration.ofMillis(1500), true);

		assertThat(summary.describe())
			.isEqualTo("push (dry run): 3 processed, 2 created (1 with their password, 1 without), 1 linked, "
					+ "0 in conflict, 0 failed (1.5 s)");
	}

}
