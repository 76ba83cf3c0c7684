package dev.clerkusers.actuate;

import dev.clerkusers.mirror.PostgresCacheInvalidation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the listener that receives other instances' cache evictions
 * ({@link PostgresCacheInvalidation}): {@code UP} while its connection listens,
 * {@code DOWN} while it reconnects (the caches' times to live then bound staleness), and
 * {@code UNKNOWN} before it started. Details: {@code connected}, {@code connectedSince},
 * {@code received} (the other instances' notifications since start) and, while it is not
 * listening, {@code lastError}.
 */
public class ClerkInvalidationHealthIndicator extends AbstractHealthIndicator {

	private final PostgresCacheInvalidation invalidation;

	/**
	 * Creates an indicator.
	 * @param invalidation the listener
	 */
	public ClerkInvalidationHealthIndicator(PostgresCacheInvalidation invalidation) {
		super("Clerk cache invalidation health check failed");
		this.invalidation = invalidation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean connected = this.invalidation.isConnected();
		builder.withDetail("connected", connected).withDetail("received", this.invalidation.getReceived());
		if (this.invalidation.getConnectedSince() != null) {
			builder.withDetail("connectedSince", this.invalidation.getConnectedSince().toString());
		}
		if (!connected && this.invalidation.getLastError() != null) {
			// Why it is not listening; once it listens again, connectedSince says when.
			builder.withDetail("lastError", this.invalidation.getLastError());
		}
		if (connected) {
			builder.up();
		}
		else if (this.invalidation.isRunning()) {
			builder.down();
		}
		else {
			builder.status(Status.UNKNOWN);
		}
	}

}
