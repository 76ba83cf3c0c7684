package dev.clerkusers.api;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Bounds how long the Backend API calls made on the current thread wait for Clerk's rate
 * limit, for work whose caller waits for its answer: a webhook delivery (Svix gives an
 * attempt about 15 seconds), or a request of your own. Inside
 * {@link #within(Duration, Supplier)} each call through any {@link ClerkApiClient} or
 * {@link ClerkApiTransport} waits out a 429's {@code Retry-After} only while its waits
 * add up to the budget at most (and its client's own limits allow); a 429 asking for
 * longer fails the call at once, as a {@link ClerkApiException} that
 * {@linkplain ClerkApiException#isUnavailable() says Clerk is unavailable}.
 * <p>
 * The library runs every webhook delivery's processing, your handlers included, within
 * {@code clerk.api.request-retry-budget}. A {@link ClerkApiClient#withRetryBudget
 * client's own budget} applies beside it: the smaller one bounds the call.
 */
public final class ClerkApiRetryBudget {

	private static final ThreadLocal<@Nullable Duration> current = new ThreadLocal<>();

	private ClerkApiRetryBudget() {
	}

	/**
	 * Runs work whose Backend API calls on this thread wait for Clerk's rate limit at
	 * most this long each. Nested, the smaller budget applies; the previous one is back
	 * when the work returns or throws.
	 * @param <T> the type of the work's result
	 * @param budget the longest total wait of a call's retries, zero or more
	 * @param work the work
	 * @return the work's result
	 */
	public static <T extends @Nullable Object> T within(Duration budget, Supplier<T> work) {
		Assert.isTrue(!budget.isNegative(), "The budget must not be negative");
		Duration outer = current.get();
		current.set((outer != null && outer.compareTo(budget) < 0) ? outer : budget);
		try {
			return work.get();
		}
		finally {
			if (outer != null) {
				current.set(outer);
			}
			else {
				current.remove();
			}
		}
	}

	/**
	 * The budget of the work running on this thread, if any.
	 */
	static @Nullable Duration current() {
		return current.get();
	}

}
