package dev.clerkusers.actuate;

import dev.clerkusers.sync.ClerkSyncObservationContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Counts the records of each sync and push run as {@code clerk.sync.records}, tagged
 * {@code operation} ({@code sync}, {@code push}), {@code result} ({@code created},
 * {@code updated}, {@code unchanged}, {@code deactivated}, {@code linked},
 * {@code conflicts}, {@code failed}) and {@code dry-run}. The runs' durations and
 * outcomes are the {@code clerk.sync} timer that Micrometer's default handler records.
 */
public class ClerkSyncMeterObservationHandler implements ObservationHandler<ClerkSyncObservationContext> {

	/** The counter's name. */
	public static final String RECORDS = "clerk.sync.records";

	private final MeterRegistry registry;

	/**
	 * Creates a handler.
	 * @param registry where the counters are
	 */
	public ClerkSyncMeterObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStop(ClerkSyncObservationContext context) {
		context.getCounts()
			.forEach((result, count) -> Counter.builder(RECORDS)
				.description("Records of Clerk sync and push runs, by result")
				.tag("operation", context.getOperation())
				.tag("result", result)
				.tag("dry-run", String.valueOf(context.isDryRun()))
				.register(this.registry)
				.increment(count));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClerkSyncObservationContext;
	}

}
