package dev.clerkusers.token;

import java.time.Duration;

/**
 * How long the token caches keep an entry, in the nanoseconds Caffeine's
 * {@link com.github.benmanes.caffeine.cache.Expiry} takes.
 */
final class CacheTimes {

	private CacheTimes() {
	}

	/**
	 * A time as nanoseconds: none when it is negative, and as long as a {@code long}
	 * holds (about 292 years, for Caffeine "never") when it is longer, where
	 * {@link Duration#toNanos()} would fail the cache's write, so that the entry were
	 * never kept.
	 * @param time the time
	 * @return its nanoseconds, from 0 to {@link Long#MAX_VALUE}
	 */
	static long nanos(Duration time) {
		if (time.isNegative()) {
			return 0;
		}
		try {
			return time.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
