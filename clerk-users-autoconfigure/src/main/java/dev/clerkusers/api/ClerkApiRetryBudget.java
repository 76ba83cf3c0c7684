package dev.clerkusers.api;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Bounds how long the Backend API calls made on the current thread wait for Clerk's rate
 * limit, for work whose caller waits for its answer: a webhook delivery (Svix gives an
 * attempt about 15 seconds), or a request of your own. Only the calls made on the thread
 * that runs the work are bounded: work handed to another thread takes a budget of its own
 * there. Inside {@link #within(Duration, Supplier)} the calls through any
 * {@link ClerkApiClient} or {@link ClerkApiTransport} wait out a 429's
 * {@code Retry-After} only while the waits of all of them add up to the budget at most
 * (and each call's client allows it); a 429 asking for longer fails its call at once, as
 * a {@link ClerkApiException} that {@linkplain ClerkApiException#isUnavailable() says
 * Clerk is unavailable}.
 * <p>
 * The library runs every webhook event's processing, a delivery's or a reprocessing's,
 * your handlers included, within {@code clerk.api.request-retry-budget}. A
 * {@link ClerkApiClient#withRetryBudget client's own budget} applies beside it, to each
 * of its calls.
 */
public final class ClerkApiRetryBudget {

	private static final ThreadLocal<@Nullable ClerkApiRetryBudget> current = new ThreadLocal<>();

	private final @Nullable ClerkApiRetryBudget outer;

	private Duration left;

	private ClerkApiRetryBudget(@Nullable ClerkApiRetryBudget outer, Duration left) {
		this.outer = outer;
		this.left = left;
	}

	/**
	 * Runs work whose Backend API calls on this thread wait for Clerk's rate limit this
	 * long at most in all. Only the waits count, not the calls themselves: it is no
	 * deadline (each call's time is bounded by {@code clerk.api.timeout}). Nested, the
	 * inner work gets what is left of the outer budget at most, and what it waits counts
	 * against both; the outer budget is back when the inner work returns or throws.
	 * @param <T> the type of the work's result
	 * @param budget the longest total wait, zero or more
	 * @param work the work
	 * @return the work's result
	 * @throws IllegalArgumentException for a negative budget, before the work runs
	 */
	public static <T extends @Nullable Object> T within(Duration budget, Supplier<T> work) {
		Assert.isTrue(!budget.isNegative(), "The budget must not be negative");
		ClerkApiRetryBudget outer = current.get();
		current.set(new ClerkApiRetryBudget(outer,
				(outer != null && outer.left.compareTo(budget) < 0) ? outer.left : budget));
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
	 * Runs work that returns nothing, as {@link #within(Duration, Supplier)} does.
	 * @param budget the longest total wait, zero or more
	 * @param work the work
	 * @throws IllegalArgumentException for a negative budget, before the work runs
	 */
	public static void run(Duration budget, Runnable work) {
		within(budget, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * Takes a wait from the budget of the work running on this thread: {@code true} when
	 * it fits (or no work set one), and then counted against it.
	 */
	static boolean take(Duration wait) {
		ClerkApiRetryBudget budget = current.get();
		if (budget == null) {
			return true;
		}
		if (wait.compareTo(budget.left) > 0) {
			return false;
		}
		for (ClerkApiRetryBudget spent = budget; spent != null; spent = spent.outer) {
			spent.left = spent.left.minus(wait);
		}
		return true;
	}

}
