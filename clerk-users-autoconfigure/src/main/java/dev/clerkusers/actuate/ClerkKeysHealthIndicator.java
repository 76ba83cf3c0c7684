package dev.clerkusers.actuate;

import java.time.Clock;
import java.time.Duration;

import dev.clerkusers.token.JwksKeySource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the keys that verify Clerk tokens, from what the {@link JwksKeySource} holds:
 * it never fetches them.
 * <ul>
 * <li>{@code UP}: keys are held (details: {@code keys}, {@code fetchedAt}, {@code age},
 * and {@code lastFailureAt} and {@code lastFailure} when the latest refresh failed, as
 * the keys held are still used);</li>
 * <li>{@code DOWN}: no keys are held and the latest fetch failed: tokens are answered
 * 503;</li>
 * <li>{@code UNKNOWN}: no token asked for keys yet.</li>
 * </ul>
 */
public class ClerkKeysHealthIndicator extends AbstractHealthIndicator {

	private final JwksKeySource keySource;

	private final Clock clock;

	/**
	 * Creates an indicator.
	 * @param keySource the key source
	 * @param clock the clock that ages the keys
	 */
	public ClerkKeysHealthIndicator(JwksKeySource keySource, Clock clock) {
		super("Clerk key health check failed");
		this.keySource = keySource;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		JwksKeySource.State state = this.keySource.state();
		builder.withDetail("keys", state.keyCount());
		if (state.fetchedAt() != null) {
			builder.withDetail("fetchedAt", state.fetchedAt().toString())
				.withDetail("age", Duration.between(state.fetchedAt(), this.clock.instant()).toString());
		}
		if (state.lastFailureAt() != null) {
			builder.withDetail("lastFailureAt", state.lastFailureAt().toString())
				.withDetail("lastFailure", String.valueOf(state.lastFailure()));
		}
		if (state.held()) {
			builder.up();
		}
		else if (state.lastFailureAt() != null) {
			builder.down();
		}
		else {
			builder.status(Status.UNKNOWN);
		}
	}

}
