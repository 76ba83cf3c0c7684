package dev.clerkusers.samples.reactive;

import java.time.Duration;

import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.webhook.ClerkUserEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The users changed by Clerk's webhooks, as a hot stream: each {@code user.created},
 * {@code user.updated} and {@code user.deleted} that changed the users table, once its
 * transaction has committed.
 * <p>
 * When the application stops, the stream completes before the web server's graceful
 * shutdown begins (a higher {@link SmartLifecycle} phase stops first), so that open event
 * streams end at once instead of holding the shutdown until its timeout.
 */
@Component
class ProfileChanges implements SmartLifecycle {

	private final Sinks.Many<ClerkUser> changes = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	/**
	 * Called after the webhook's transaction commits, on the thread that processed it
	 * (not an event loop).
	 */
	@TransactionalEventListener
	void changed(ClerkUserEvent event) {
		// Deliveries can be processed concurrently: retry the (brief) contention.
		this.changes.emitNext(event.user(), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	/**
	 * The changes of one user, from now on. A subscriber that cannot keep up gets the
	 * latest state of the user, never slows the webhook down, and never makes other
	 * subscribers miss a change.
	 * @param clerkId the Clerk user id
	 * @return the user as stored after each change
	 */
	Flux<ClerkUser> of(String clerkId) {
		return this.changes.asFlux().filter((user) -> clerkId.equals(user.getClerkId())).onBackpressureLatest();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.changes.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
