package dev.clerkusers.sync;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The default names and tags of the {@code clerk.sync} observation, one per sync or push
 * run: the low-cardinality keys {@code operation} ({@code sync}, {@code push}),
 * {@code outcome} (see {@link ClerkSyncObservationContext#getOutcome()}) and
 * {@code dry-run}.
 */
public class ClerkSyncObservationConvention implements ObservationConvention<ClerkSyncObservationContext> {

	/** The observation's name. */
	public static final String NAME = "clerk.sync";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ClerkSyncObservationContext context) {
		return "clerk " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClerkSyncObservationContext context) {
		return KeyValues.of("operation", context.getOperation(), "outcome", context.getOutcome(), "dry-run",
				String.valueOf(context.isDryRun()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClerkSyncObservationContext;
	}

}
