package dev.clerkusers.webhook;

import java.time.Clock;
import java.time.Instant;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserSynchronizer;
import dev.clerkusers.user.EndedSessions;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;

/**
 * {@code session.created}: the user's {@code last_login}; {@code session.ended},
 * {@code session.removed}, {@code session.revoked}: the user's {@code last_logout}, and
 * the session recorded as ended, so that a Clerk sign-in kept in an HTTP session for it
 * ends. The user of a session that arrives before its user's data is stored as a
 * placeholder, sync pending, with the time, which its data then completes; a
 * {@code session.created} of a user deleted since is stale.
 */
public class SessionWebhookHandler implements ClerkWebhookHandler, Ordered {

	private final ClerkUserSynchronizer users;

	private final EndedSessions endedSessions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/**
	 * Creates the handler.
	 * @param users applies Clerk's data to the users
	 * @param endedSessions the ended Clerk sessions
	 * @param events publishes application events
	 * @param clock the clock, for events without times
	 */
	public SessionWebhookHandler(ClerkUserSynchronizer users, EndedSessions endedSessions,
			ApplicationEventPublisher events, Clock clock) {
		this.users = users;
		this.endedSessions = endedSessions;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public boolean supports(String eventType) {
		return eventType.equals("session.created") || isEnd(eventType);
	}

	private static boolean isEnd(String eventType) {
		return eventType.equals("session.ended") || eventType.equals("session.removed")
				|| eventType.equals("session.revoked");
	}

	@Override
	public void handle(ClerkWebhookEvent event) {
		apply(event);
	}

	/**
	 * Applies the event. A {@code session.created} of a user deleted since (a late
	 * delivery) is {@link Outcome#STALE}: the deleted record is left as it is, and
	 * nothing is announced. An ended session is recorded whatever its user, since Clerk
	 * ends the sessions of a user it deletes.
	 */
	@Override
	public Outcome apply(ClerkWebhookEvent event) {
		String sessionId = event.requireDataString("id");
		String clerkUserId = event.requireDataString("user_id");
		if (event.type().equals("session.created")) {
			Instant at = event.dataTime("created_at").orElseGet(() -> event.timestampOr(this.clock));
			ClerkUser user = this.users.recordLogin(clerkUserId, at);
			if (user.isDeleted()) {
				return Outcome.STALE;
			}
			this.events.publishEvent(new ClerkSessionCreatedEvent(sessionId, clerkUserId, user, event));
			return Outcome.APPLIED;
		}
		Instant at = event.dataTime("updated_at").orElseGet(() -> event.timestampOr(this.clock));
		ClerkUser user = this.users.recordLogout(clerkUserId, at);
		this.endedSessions.record(sessionId, clerkUserId, at);
		this.events.publishEvent(new ClerkSessionEndedEvent(sessionId, clerkUserId, user, event));
		return Outcome.APPLIED;
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
