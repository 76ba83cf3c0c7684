package dev.clerkusers.webhook;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The state of an event in the inbox.
 */
public enum WebhookEventStatus {

	/**
	 * Stored, not processed: a state no delivery leaves (an event is stored with its
	 * outcome, in the transaction that applies it); a row in it is reprocessed as a
	 * failed one is.
	 */
	RECEIVED,

	/** Processed by its handlers. */
	PROCESSED,

	/** No handler supports its type; stored and acknowledged. */
	IGNORED,

	/**
	 * A handler failed; it is kept, and can be reprocessed (an outage of the database or
	 * of Clerk is answered so that Svix delivers it again).
	 */
	FAILED;

	/**
	 * The state as the {@code clerkwebhooks} Actuator endpoint and the
	 * {@code clerk_webhook_events.status} column spell it, and as JSON writes it: its
	 * name in lower case, for example {@code failed}.
	 * @return the code
	 */
	@JsonValue
	public String getCode() {
		return name().toLowerCase(Locale.ROOT);
	}

	static WebhookEventStatus of(String column) {
		return valueOf(column.toUpperCase(Locale.ROOT));
	}

}
