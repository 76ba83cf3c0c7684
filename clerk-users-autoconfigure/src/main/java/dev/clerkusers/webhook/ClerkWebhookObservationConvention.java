package dev.clerkusers.webhook;

import java.util.regex.Pattern;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The default names and tags of the {@code clerk.webhook.processing} observation: the
 * low-cardinality keys {@code clerk.webhook.type} (Clerk's event type, a set Clerk
 * defines, reaching the processor only once the signature is verified; {@code other} for
 * a type not of Clerk's form, words of letters joined by dots, at most 64 characters, so
 * that no id or invented text becomes a tag value) and {@code outcome}
 * ({@code processed}, {@code stale}, {@code duplicate}, {@code ignored}, {@code failed},
 * {@code retry}, or {@code error} when the processing threw; {@code unknown} while it
 * runs, the tag of the {@code clerk.webhook.processing.active} long-task timer). No event
 * id or data ever becomes a tag.
 */
public class ClerkWebhookObservationConvention implements ObservationConvention<ClerkWebhookObservationContext> {

	/** The observation's name. */
	public static final String NAME = "clerk.webhook.processing";

	@Override
	public String getName() {
		return NAME;
	}

	/** The tag value of a type that is not of Clerk's form. */
	private static final String OTHER_TYPE = "other";

	private static final Pattern CLERK_TYPE = Pattern.compile("[A-Za-z]+(\\.[A-Za-z]+)*");

	private static final int LONGEST_TYPE = 64;

	@Override
	public String getContextualName(ClerkWebhookObservationContext context) {
		return "clerk webhook " + typeOf(context);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClerkWebhookObservationContext context) {
		WebhookResult result = context.getResult();
		String outcome = (result != null) ? result.status().getCode()
				: (context.getError() != null) ? "error" : "unknown";
		return KeyValues.of("clerk.webhook.type", typeOf(context), "outcome", outcome);
	}

	private static String typeOf(ClerkWebhookObservationContext context) {
		String type = context.getEventType();
		return (type.length() <= LONGEST_TYPE && CLERK_TYPE.matcher(type).matches()) ? type : OTHER_TYPE;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClerkWebhookObservationContext;
	}

}
