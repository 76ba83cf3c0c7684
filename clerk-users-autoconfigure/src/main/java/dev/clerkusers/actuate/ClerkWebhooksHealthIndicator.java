package dev.clerkusers.actuate;

import java.time.Clock;
import java.time.Duration;

import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.WebhookBacklog;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;

/**
 * Health of the webhook inbox: the events whose effect is not applied (failed, or
 * received and not processed), with one query to the database and none to Clerk.
 * <ul>
 * <li>Details: {@code failed}, {@code unprocessed}, and {@code oldestUnprocessedAt} and
 * {@code oldestUnprocessedAge} when there is one.</li>
 * <li>{@code UP} while the oldest unprocessed event is younger than the threshold; the
 * configured status (by default {@code DOWN}) once it is older, so that an alert fires.
 * Processing the event again, or dismissing it, clears it; the retention keeps a failed
 * event until then.</li>
 * </ul>
 */
public class ClerkWebhooksHealthIndicator extends AbstractHealthIndicator {

	private final ClerkWebhookInbox inbox;

	private final Duration threshold;

	private final Status statusAboveThreshold;

	private final Clock clock;

	/**
	 * Creates an indicator.
	 * @param inbox the inbox
	 * @param threshold the age of the oldest unprocessed event above which the status is
	 * {@code statusAboveThreshold}
	 * @param statusAboveThreshold the status reported above the threshold
	 * @param clock the clock that ages events
	 */
	public ClerkWebhooksHealthIndicator(ClerkWebhookInbox inbox, Duration threshold, Status statusAboveThreshold,
			Clock clock) {
		super("Clerk webhook health check failed");
		Assert.isTrue(!threshold.isNegative(), "threshold must not be negative");
		this.inbox = inbox;
		this.threshold = threshold;
		this.statusAboveThreshold = statusAboveThreshold;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WebhookBacklog backlog = this.inbox.backlog();
		builder.up().withDetail("failed", backlog.failed()).withDetail("unprocessed", backlog.unprocessed());
		if (backlog.oldestUnprocessedAt() != null) {
			Duration age = Duration.between(backlog.oldestUnprocessedAt(), this.clock.instant());
			builder.withDetail("oldestUnprocessedAt", backlog.oldestUnprocessedAt().toString())
				.withDetail("oldestUnprocessedAge", age.toString());
			if (age.compareTo(this.threshold) > 0) {
				builder.status(this.statusAboveThreshold).withDetail("threshold", this.threshold.toString());
			}
		}
	}

}
