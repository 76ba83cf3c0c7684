package dev.clerkusers.api;

import java.io.IOException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Retries a request answered 429 after its {@code Retry-After}, while retries and the
 * wait allow: the client's budget for the call, and what is left of the one of the work
 * running on this thread ({@link ClerkApiRetryBudget}).
 */
final class RateLimitRetryInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(RateLimitRetryInterceptor.class);

	private final int maxRetries;

	private final Duration maxWait;

	private final @Nullable Duration budget;

	private final ClerkApiTransport.Sleeper sleeper;

	RateLimitRetryInterceptor(int maxRetries, Duration maxWait, @Nullable Duration budget,
			ClerkApiTransport.Sleeper sleeper) {
		this.maxRetries = maxRetries;
		this.maxWait = maxWait;
		this.budget = budget;
		this.sleeper = sleeper;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Duration waited = Duration.ZERO;
		for (int attempt = 0;; attempt++) {
			ClientHttpResponse response = execution.execute(request, body);
			if (response.getStatusCode().value() != 429) {
				return response;
			}
			if (attempt >= this.maxRetries) {
				logger.info("Clerk rate-limited " + describe(request) + " again after " + attempt
						+ " retries (clerk.api.max-retries); not retrying");
				return response;
			}
			Duration wait = ClerkApiErrors.retryAfter(response.getHeaders()).orElse(Duration.ofSeconds(1));
			if (wait.compareTo(this.maxWait) > 0) {
				logger.info("Clerk rate-limited " + describe(request) + " for " + wait.toSeconds()
						+ "s, longer than clerk.api.max-retry-wait allows; not retrying");
				return response;
			}
			if ((this.budget != null && waited.plus(wait).compareTo(this.budget) > 0)
					|| !ClerkApiRetryBudget.take(wait)) {
				logger.info("Clerk rate-limited " + describe(request) + " for " + wait.toSeconds()
						+ "s, longer than the retry budget of the caller waiting for its answer allows"
						+ " (clerk.api.request-retry-budget for requests and webhook events); not retrying");
				return response;
			}
			waited = waited.plus(wait);
			response.close();
			logger.info("Clerk rate-limited " + describe(request) + "; retrying in " + wait.toSeconds() + "s");
			try {
				this.sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while waiting to retry a rate-limited call", ex);
			}
		}
	}

	private static String describe(HttpRequest request) {
		return request.getMethod() + " " + request.getURI().getPath();
	}

}
