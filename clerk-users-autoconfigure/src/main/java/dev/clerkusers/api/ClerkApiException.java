package dev.clerkusers.api;

import java.io.Serial;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A failed Backend API call: an error response, or no response at all. Clerk's error
 * codes are kept, so callers can decide what an error means to them (for example
 * {@code form_identifier_exists} when creating a user whose email is taken); this client
 * never turns an error into a {@code false} or an empty result.
 */
public class ClerkApiException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final int status;

	/**
	 * Serialized with the exception: Jackson reads each error's metadata as serializable
	 * values.
	 */
	private final List<ClerkApiError> errors;

	private final @Nullable String traceId;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates an exception for an error response.
	 * @param status the HTTP status
	 * @param errors Clerk's errors from the body, if any
	 * @param traceId Clerk's trace id, if any
	 * @param retryAfter the answer's {@code Retry-After} in seconds (a 429's, or a
	 * 503's), if any
	 * @param message what failed
	 */
	public ClerkApiException(int status, List<ClerkApiError> errors, @Nullable String traceId,
			@Nullable Duration retryAfter, String message) {
		super(message);
		this.status = status;
		this.errors = List.copyOf(errors);
		this.traceId = traceId;
		this.retryAfter = retryAfter;
	}

	/**
	 * Creates an exception for a call that got no response (connection refused, timeout).
	 * @param message what failed
	 * @param cause the I/O failure
	 */
	public ClerkApiException(String message, Throwable cause) {
		super(message, cause);
		this.status = 0;
		this.errors = List.of();
		this.traceId = null;
		this.retryAfter = null;
	}

	/**
	 * The HTTP status.
	 * @return the status, or 0 when no response was received
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Clerk's errors from the response body.
	 * @return the errors, empty when the body had none
	 */
	public List<ClerkApiError> getErrors() {
		return this.errors;
	}

	/**
	 * Whether one of the errors has this code.
	 * @param code a Clerk error code, for example {@code form_identifier_exists}
	 * @return {@code true} when present
	 */
	public boolean hasErrorCode(String code) {
		return this.errors.stream().anyMatch((error) -> code.equals(error.code()));
	}

	/**
	 * Clerk's trace id, to quote to Clerk support.
	 * @return the trace id, if the response had one
	 */
	public Optional<String> getTraceId() {
		return Optional.ofNullable(this.traceId);
	}

	/**
	 * How long Clerk asked to wait: the {@code Retry-After} of its answer, as a 429 or a
	 * 503 carries it.
	 * @return the wait, if given
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * Whether Clerk said the resource does not exist: a 404 with Clerk's errors (such as
	 * {@code resource_not_found}). A 404 without them is not Clerk's answer (a proxy's or
	 * a load balancer's page) and says nothing of the resource: it
	 * {@linkplain #isUnavailable() is unavailable} instead.
	 * @return {@code true} for Clerk's 404
	 */
	public boolean isNotFound() {
		return this.status == 404 && !this.errors.isEmpty();
	}

	/**
	 * Whether the call was rate limited (429) and not waited out: its retries were used
	 * up, or Clerk asked for a longer wait than {@code clerk.api.max-retry-wait} or the
	 * caller's retry budget allows.
	 * @return {@code true} for a 429
	 */
	public boolean isRateLimited() {
		return this.status == 429;
	}

	/**
	 * Whether Clerk could not answer: no response, a server error, rate limiting, a
	 * redirect (Clerk's endpoints do not redirect, and none is followed) or a 404 without
	 * Clerk's errors (both are a proxy or a misconfigured address on the way). Such calls
	 * may succeed later.
	 * @return {@code true} when the failure is on Clerk's side or on the way to it
	 */
	public boolean isUnavailable() {
		return this.status == 0 || (this.status >= 300 && this.status < 400) || this.status == 429 || this.status >= 500
				|| (this.status == 404 && this.errors.isEmpty());
	}

	/**
	 * The message as an operator reads it (an operator endpoint's answer, a command's
	 * line): for Clerk's refusal of the secret key (401 or 403), with what to check.
	 * @return the message
	 */
	public String getMessageForOperators() {
		String message = String.valueOf(getMessage());
		return (this.status == 401 || this.status == 403)
				? message + " (check clerk.secret-key: revoked, rotated or of another instance?)" : message;
	}

	/**
	 * Whether a failure is an outage of Clerk: it, or one of its causes, is a
	 * {@code ClerkApiException} that {@linkplain #isUnavailable() says Clerk is
	 * unavailable}. Such a failure would fail every record of a sync or every webhook the
	 * same way, so it is retried later rather than kept against one record.
	 * @param failure the failure
	 * @return {@code true} for an outage of Clerk
	 */
	public static boolean isClerkOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClerkApiException api && api.isUnavailable()) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
