package dev.clerkusers.webhook;

import java.util.Locale;

/**
 * The state of an event in the inbox.
 */
public enum WebhookEventStatus {

	/** Stored, not processed yet (or being processed). */
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

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	static WebhookEventStatus of(String column) {
		return valueOf(column.toUpperCase(Locale.ROOT));
	}

}
