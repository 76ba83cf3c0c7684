package dev.clerkusers.webhook;

import org.jspecify.annotations.Nullable;

/**
 * What processing a delivery did.
 *
 * @param eventId the Svix message id
 * @param type the event type
 * @param status the outcome
 * @param error what failed, for {@link Status#FAILED}
 */
public record WebhookResult(String eventId, String type, Status status, @Nullable String error) {

	/**
	 * The outcome of a delivery.
	 */
	public enum Status {

		/** The handlers ran and their effects were committed. */
		PROCESSED,

		/** The event was processed (or ignored) before: nothing was done. */
		DUPLICATE,

		/** No handler supports the type: stored, nothing done. */
		IGNORED,

		/**
		 * A handler failed: nothing committed, the failure recorded; deliver or reprocess
		 * it again.
		 */
		FAILED

	}

}
