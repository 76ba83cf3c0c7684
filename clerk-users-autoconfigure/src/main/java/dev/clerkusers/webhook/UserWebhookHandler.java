package dev.clerkusers.webhook;

import java.time.Clock;
import java.time.Instant;

import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserSynchronizer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;

/**
 * {@code user.created} and {@code user.updated}: upsert the user from the payload itself
 * (no Backend API call), with the ordering guard; {@code user.deleted}: deactivate it
 * with a tombstone dated by the event.
 */
public class UserWebhookHandler implements ClerkWebhookHandler, Ordered {

	private final ClerkUserSynchronizer users;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/**
	 * Creates the handler.
	 * @param users applies Clerk's data to the users
	 * @param events publishes application events
	 * @param clock the clock, for deletions without a timestamp
	 */
	public UserWebhookHandler(ClerkUserSynchronizer users, ApplicationEventPublisher events, Clock clock) {
		this.users = users;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public boolean supports(String eventType) {
		return eventType.equals("user.created") || eventType.equals("user.updated") || eventType.equals("user.deleted");
	}

	@Override
	public void handle(ClerkWebhookEvent event) {
		apply(event);
	}

	@Override
	public Outcome apply(ClerkWebhookEvent event) {
		if (event.type().equals("user.deleted")) {
			SyncResult<ClerkUser> deleted = this.users.deleteFromClerk(event.requireDataString("id"),
					event.timestampOr(this.clock));
			if (deleted.value() != null) {
				// Announced also when a reconcile, or an operator, deactivated the user
				// first (answered stale), as a user.created is: listeners erasing a
				// deleted user's data must not depend on who came first.
				this.events.publishEvent(new ClerkUserDeletedEvent(deleted.value(), event));
			}
			return deleted.changed() ? Outcome.APPLIED : Outcome.STALE;
		}
		UserResource data = event.data(UserResource.class);
		Instant sent = event.timestamp();
		// A lockout lasts from when Clerk sent the event, also when it is processed
		// later (a retry, a reprocessing).
		SyncResult<ClerkUser> result = this.users
			.upsertFromClerk((sent != null) ? data.asOf(sent, this.clock.instant()) : data);
		ClerkUser user = result.value();
		if (user == null || result.outcome() == SyncResult.Outcome.IGNORED_DELETED) {
			return Outcome.STALE;
		}
		if (event.type().equals("user.created")) {
			// Every user.created of a stored user is announced, also when a first sign-in
			// or a sync stored the user before the webhook arrived (STALE): listeners
			// such as welcome mails must not depend on who came first. The inbox
			// processes each delivery once, so this is published once per Clerk user.
			this.events.publishEvent(new ClerkUserCreatedEvent(user, result.outcome(), event));
		}
		else if (result.changed()) {
			this.events.publishEvent(new ClerkUserUpdatedEvent(user, result.outcome(), event));
		}
		return result.changed() ? Outcome.APPLIED : Outcome.STALE;
	}

	/**
	 * Returns {@link ClerkWebhookHandler#LIBRARY_ORDER}: the library's handlers run
	 * before the application's.
	 */
	@Override
	public int getOrder() {
		return LIBRARY_ORDER;
	}

}
