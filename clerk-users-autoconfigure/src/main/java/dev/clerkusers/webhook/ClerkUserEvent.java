package dev.clerkusers.webhook;

import dev.clerkusers.user.ClerkUser;

/**
 * An application event about a user, published while a Clerk webhook is processed, inside
 * its transaction: listen with {@code @TransactionalEventListener} to act after the
 * commit, or with {@code @EventListener} to take part in it (an exception then fails the
 * webhook, which Svix retries).
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
