package dev.clerkusers.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand (of the token and webhook packages' tests).
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	/**
	 * Creates a clock.
	 * @param now the time it shows
	 */
	public MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Moves the clock on.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
