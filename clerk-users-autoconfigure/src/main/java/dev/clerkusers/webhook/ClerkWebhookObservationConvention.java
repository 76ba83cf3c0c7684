package dev.clerkusers.webhook;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The default names and tags of the {@code clerk.webhook.processing} observation: the
 * low-cardinality keys {@code clerk.webhook.type} (Clerk's event type, a set Clerk
 * defines, reaching the processor only once the signature is verified) and
 * {@code outcome} ({@code processed}, {@code stale}, {@code duplicate}, {@code ignored},
 * {@code failed}, {@code retry}, or {@code error} when the processing threw;
 * {@code unknown} while it runs, the tag of the {@code clerk.webhook.processing.active}
 * long-task timer). No event id or data ever becomes a tag.
 */
public class ClerkWebhookObservationConvention implements ObservationConvention<ClerkWebhookObservationContext> {

	/** The observation's name. */
	public static final String NAME = "clerk.webhook.processing";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ClerkWebhookObservationContext context) {
		return "clerk webhook " + context.getEventType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClerkWebhookObservationContext context) {
		WebhookResult result = context.getResult();
		String outcome = (result != null) ? result.status().getCode()
				: (context.getError() != null) ? "error" : "unknown";
		return KeyValues.of("clerk.webhook.type", context.getEventType(), "outcome", outcome);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClerkWebhookObservationContext;
	}

}
