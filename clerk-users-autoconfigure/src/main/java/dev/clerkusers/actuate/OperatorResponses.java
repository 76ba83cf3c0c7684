package dev.clerkusers.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.sync.SyncAbortedException;
import dev.clerkusers.sync.SyncInProgressException;
import dev.clerkusers.sync.SyncRefusedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.StringUtils;

/**
 * The answers of the library's operations: the result, or 400 when its options are
 * invalid, 404 when the webhook event it names is not stored, 409 when a sync or push
 * runs already, 422 when a guard refused it, 502 when Clerk refused a call (a revoked
 * secret key, say), 503 when an outage ended it, each with the message that says what to
 * do. A run that a guard refused or an outage ended is logged as a warning, one that
 * Clerk refused as an error, so that the log tells of it as well as the caller's answer.
 */
final class OperatorResponses {

	private static final Log logger = LogFactory.getLog(OperatorResponses.class);

	private OperatorResponses() {
	}

	/**
	 * Runs an operation with options read from a request body.
	 * @param <O> the type of the options
	 * @param name the endpoint's id, which the log names
	 * @param options reads the options; an {@link IllegalArgumentException} says what is
	 * wrong with them, and the operation does not run
	 * @param operation runs with the options
	 * @return the answer
	 */
	static <O> WebEndpointResponse<Object> run(String name, Supplier<O> options, Function<O, Object> operation) {
		O valid;
		try {
			valid = options.get();
		}
		catch (IllegalArgumentException ex) {
			return invalid(ex.getMessage());
		}
		try {
			return ok(operation.apply(valid));
		}
		catch (SyncInProgressException ex) {
			return failure(409, "running", ex.getMessage());
		}
		catch (SyncRefusedException ex) {
			return unfinished(name, 422, "refused", ex.getMessage());
		}
		catch (SyncAbortedException ex) {
			return unfinished(name, 503, "aborted", ex.getMessage());
		}
		catch (ClerkApiException ex) {
			return ex.isUnavailable() ? unfinished(name, 503, "aborted", ex.getMessage())
					: unfinished(name, 502, "failed", ex.getMessageForOperators());
		}
		catch (RuntimeException ex) {
			// What no step wrapped as an aborted run (the push's selection of users, say)
			return unfinished(name, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "aborted", databaseFailure(ex));
		}
	}

	/**
	 * The answer of a run that did not complete, logged: as a warning when a guard
	 * refused it or an outage ended it, as an error when Clerk refused a call.
	 */
	private static WebEndpointResponse<Object> unfinished(String name, int status, String state,
			@Nullable String message) {
		String verdict = switch (state) {
			case "refused" -> "was refused";
			case "failed" -> "failed";
			default -> "was aborted";
		};
		String logged = "The " + name + " operation " + verdict + " (" + status + "): " + message;
		if (status == 502) {
			logger.error(logged);
		}
		else {
			logger.warn(logged);
		}
		return failure(status, state, message);
	}

	/**
	 * Runs an operation on stored webhook events.
	 * @param operation runs; an {@link IllegalArgumentException} says that the event it
	 * names is not stored
	 * @return the answer: 404 with the reason when the event is not stored, 503 when the
	 * database could not be reached
	 */
	static WebEndpointResponse<Object> onStoredEvents(Supplier<Object> operation) {
		try {
			return ok(operation.get());
		}
		catch (IllegalArgumentException ex) {
			return failure(WebEndpointResponse.STATUS_NOT_FOUND, "unknown", ex.getMessage());
		}
		catch (RuntimeException ex) {
			return databaseUnavailable("unavailable", ex);
		}
	}

	/**
	 * The 503 of a failure of the database that a later try may not meet: an outage, a
	 * failure a retry resolves (a deadlock), or a row held elsewhere past
	 * {@code lock_timeout}.
	 * @param state the answer's status
	 * @param ex the failure
	 * @return the answer
	 * @throws RuntimeException the failure itself when it is none of these
	 */
	private static WebEndpointResponse<Object> databaseUnavailable(String state, RuntimeException ex) {
		return failure(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, state, databaseFailure(ex));
	}

	/**
	 * What to tell of a failure of the database that a later try may not meet.
	 * @throws RuntimeException the failure itself when it is no such failure
	 */
	private static String databaseFailure(RuntimeException ex) {
		if (!Outages.isOutage(ex) && !Outages.isUnavailable(ex)) {
			throw ex;
		}
		return "The database could not serve the operation (" + reason(ex) + "); try again shortly";
	}

	/**
	 * The database's words: the message of the deepest cause that gives one (a connection
	 * lost under the driver ends in a cause without any, an {@code EOFException}), else
	 * the type of the deepest cause.
	 */
	private static String reason(Throwable failure) {
		String reason = null;
		Throwable deepest = failure;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			deepest = cause;
			if (StringUtils.hasText(cause.getMessage())) {
				reason = cause.getMessage();
			}
		}
		return (reason != null) ? reason : deepest.getClass().getSimpleName();
	}

	/**
	 * The answer to options that are not valid: 400, and nothing ran.
	 * @param message what is wrong
	 * @return the answer
	 */
	static WebEndpointResponse<Object> invalid(@Nullable String message) {
		return failure(WebEndpointResponse.STATUS_BAD_REQUEST, "invalid", message);
	}

	private static WebEndpointResponse<Object> ok(Object result) {
		return new WebEndpointResponse<>(ClerkOperationResult.of(result), WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Object> failure(int status, String state, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", state);
		body.put("message", message);
		return new WebEndpointResponse<>(OperationResponseBody.of(body), status);
	}

}
