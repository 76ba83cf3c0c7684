package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * An application event about a user, published while a Clerk webhook is processed, inside
 * its transaction: listen with {@code @TransactionalEventListener} to act after the
 * commit, or with {@code @EventListener} to take part in it (an exception then rolls the
 * event's effects back and keeps the event as failed, to be reprocessed; only an outage
 * of the database, of Clerk or of the network, or the application's stop, is answered so
 * that Svix retries). An {@code @EventListener} hears the event before the commit: it may
 * hear an event whose changes are then rolled back (the delivery answered 503 on an
 * outage), and hear it again when Svix delivers it again; act on changes that were
 * committed, a mail say, with {@code @TransactionalEventListener}.
 */
public sealed interface ClerkUserEvent permits ClerkUserCreatedEvent, ClerkUserUpdatedEvent, ClerkUserDeletedEvent {

	/**
	 * The local user, as stored after the event.
	 * @return the user
	 */
	ClerkUser user();

	/**
	 * The webhook event.
	 * @return the event
	 */
	ClerkWebhookEvent webhook();

}
