package dev.clerkusers.webhook;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a webhook delivery's processing knows: the event type and, once
 * done, the {@link WebhookResult}. It never holds the event's data.
 */
public class ClerkWebhookObservationContext extends Observation.Context {

	private final String eventType;

	private @Nullable WebhookResult result;

	/**
	 * Creates a context.
	 * @param eventType the event type, for example {@code user.updated}
	 */
	public ClerkWebhookObservationContext(String eventType) {
		this.eventType = eventType;
	}

	/**
	 * The event type.
	 * @return the type
	 */
	public String getEventType() {
		return this.eventType;
	}

	/**
	 * What the processing did.
	 * @return the result, or {@code null} while it runs or when it threw
	 */
	public @Nullable WebhookResult getResult() {
		return this.result;
	}

	void setResult(WebhookResult result) {
		this.result = result;
	}

}
