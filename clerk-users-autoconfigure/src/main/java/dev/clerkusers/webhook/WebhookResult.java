package dev.clerkusers.webhook;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * What processing a delivery did.
 *
 * @param eventId the Svix message id
 * @param type the event type ({@code unreadable} for a body that is not a Clerk event)
 * @param status the outcome
 * @param error what failed, for {@link Status#FAILED} and {@link Status#RETRY}
 */
public record WebhookResult(String eventId, String type, Status status, @Nullable String error) {

	/**
	 * The outcome of a delivery.
	 */
	public enum Status {

		/** The handlers ran and their effects were committed. */
		PROCESSED,

		/**
		 * The handlers ran, but the event was older than the data stored (or its record
		 * is deleted): nothing changed, and the event is marked processed.
		 */
		STALE,

		/** The event was processed (or ignored) before: nothing was done. */
		DUPLICATE,

		/** No handler supports the type: stored, nothing done. */
		IGNORED,

		/**
		 * The event cannot be applied as it is (bad data, or a handler that fails on it):
		 * nothing committed, the event kept as failed, to be looked at and reprocessed.
		 * Answered 2xx, as Clerk's redeliveries would fail the same way.
		 */
		FAILED,

		/**
		 * An outage (the database is unreachable, or Clerk is, for a handler that calls
		 * it), or a conflict with a concurrent writer lost again on the attempt made at
		 * once, stopped the processing: nothing committed. Answered 5xx, so that Clerk
		 * delivers the event again.
		 */
		RETRY;

		/**
		 * The outcome as the webhook endpoint's and the {@code clerkwebhooks} Actuator
		 * endpoint's answers and the {@code outcome} tag spell it, and as JSON writes it:
		 * its name in lower case, for example {@code processed}.
		 * @return the code
		 */
		@JsonValue
		public String getCode() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
