package dev.clerkusers.sync;

import java.util.Map;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A run is timed by {@code clerk.sync} once it ended, with how it ended, and counted in
 * the {@code clerk.sync.active} long-task timer while it runs, of an outcome not known
 * yet. Black-box run 71: runs in flight were tagged {@code error}.
 */
class SyncObservationsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SyncObservations observations = new SyncObservations();

	SyncObservationsTests() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		this.observations.setRegistry(registry);
	}

	@Test
	void aRunInFlightIsOfUnknownOutcomeAndOneThatCompletedSaysSo() {
		String result = this.observations.observe("sync", false, () -> {
			assertThat(this.meters.get("clerk.sync.active")
				.tags("operation", "sync", "outcome", "unknown")
				.longTaskTimer()
				.activeTasks()).isOne();
			return "done";
		}, (done) -> false, (done) -> Map.of("created", 1L));
		assertThat(result).isEqualTo("done");
		assertThat(this.meters.get("clerk.sync").tags("operation", "sync", "outcome", "completed").timer().count())
			.isOne();
	}

	@Test
	void aRunThatThrowsIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> this.observations.observe("push", false, () -> {
			throw new IllegalStateException("broken");
		}, (done) -> false, (done) -> Map.of()));
		assertThat(this.meters.get("clerk.sync")
			.tags("operation", "push", "outcome", "error", "error", "IllegalStateException")
			.timer()
			.count()).isOne();
	}

}
