package dev.clerkusers.webhook;

import org.springframework.core.Ordered;

/**
 * Processes Clerk webhook events of some types. Declare beans of this type to handle more
 * events; the core handles {@code user.*} and {@code session.*}, the organizations module
 * {@code organization*}.
 * <p>
 * Every handler of an event runs in the same database transaction, which also marks the
 * event processed: when any handler throws, nothing of the event is committed and the
 * event is kept as failed with its error, to be reprocessed; the delivery is answered
 * 200. Only an outage of the database, of Clerk (a {@code ClerkApiException} that says
 * Clerk is unavailable) or of the network, or a {@link WebhookRetryException} a handler
 * throws (another service it needs is unavailable), is answered 503, so that Svix
 * delivers the event again; and a unique key violated (a race lost to another writer of
 * the same row) is first tried once more at once, in a new transaction. Handlers must
 * therefore be idempotent in effect (an upsert, not an insert), and what they do outside
 * the transaction (a mail, a call to another service) may happen again — though a
 * delivery already processed never reaches them again. Publish application events from a
 * handler to have them delivered to {@code @TransactionalEventListener}s after the
 * commit.
 * <p>
 * Handlers run in their {@linkplain org.springframework.core.annotation.Order order}. The
 * library's own run at {@link #LIBRARY_ORDER}, before the application's handlers without
 * an order or with a later one, so that those see what they stored: a
 * {@code user.created} handler of the application finds the user. A handler ordered at or
 * before {@code LIBRARY_ORDER} runs first and does not. A bean that replaces one of the
 * library's by extending it keeps their place.
 * <p>
 * Every handler of an event is given the same {@link ClerkWebhookEvent}: read its
 * {@code data} and {@code payload}, never change them (a JSON tree can be changed in
 * place), since the handlers after it, the library's included, would apply what it wrote
 * rather than what Clerk sent.
 */
public interface ClerkWebhookHandler {

	/**
	 * The order of the library's own handlers ({@link UserWebhookHandler},
	 * {@link SessionWebhookHandler} and the organizations module's), ahead of handlers
	 * without an order of their own.
	 */
	int LIBRARY_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/**
	 * Whether this handler processes events of a type.
	 * @param eventType the event type, for example {@code user.created}
	 * @return {@code true} to be called for it
	 */
	boolean supports(String eventType);

	/**
	 * Processes an event.
	 * @param event the verified event
	 */
	void handle(ClerkWebhookEvent event);

	/**
	 * Processes an event, and says whether it was older than the data stored. The
	 * processor calls this method; by default it calls {@link #handle} and answers
	 * {@link Outcome#APPLIED}.
	 * @param event the verified event
	 * @return {@link Outcome#STALE} when the event changed nothing because newer data is
	 * stored (the ordering guard), or from a handler that only observes a type the
	 * library handles too, to leave the answer to the library's handler; otherwise
	 * {@link Outcome#APPLIED}
	 */
	default Outcome apply(ClerkWebhookEvent event) {
		handle(event);
		return Outcome.APPLIED;
	}

	/**
	 * What a handler did with an event.
	 */
	enum Outcome {

		/** The event was applied (or had nothing to change). */
		APPLIED,

		/**
		 * The event was older than the data stored (or its record is deleted): nothing
		 * changed.
		 */
		STALE

	}

}
