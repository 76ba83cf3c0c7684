package dev.clerkusers.security;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

/**
 * Authentication could not be decided because a service it needs failed: the database
 * while the user was loaded, or Clerk while the verification keys were fetched or a
 * machine token was verified. It is a server problem, answered 503 with
 * {@code Retry-After}, never 401: a 401 makes a frontend sign its user out.
 */
public class ClerkServiceUnavailableException extends AuthenticationServiceException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * The database failed while the user of a valid token, or of a sign-in kept in a
	 * session, was loaded or checked.
	 */
	public static final String DATABASE_UNAVAILABLE = "database-unavailable";

	/**
	 * Clerk's Backend API could not verify an opaque machine token (unreachable, a server
	 * error, rate limiting, or the secret key refused).
	 */
	public static final String BACKEND_API_UNAVAILABLE = "backend-api-unavailable";

	/**
	 * The keys that verify tokens could not be loaded: none are held yet, and fetching
	 * them failed.
	 */
	public static final String KEYS_UNAVAILABLE = "keys-unavailable";

	private final String code;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param code the stable code, for example {@value #DATABASE_UNAVAILABLE}
	 * @param message what failed, safe to show to the client
	 * @param cause the failure
	 */
	public ClerkServiceUnavailableException(String code, String message, Throwable cause) {
		this(code, message, cause, null);
	}

	/**
	 * Creates the exception, with the wait that the failed service asked for.
	 * @param code the stable code, for example {@value #BACKEND_API_UNAVAILABLE}
	 * @param message what failed, safe to show to the client
	 * @param cause the failure
	 * @param retryAfter how long the service asked to wait (the {@code Retry-After} of
	 * Clerk's 429), or {@code null} when it named no wait
	 */
	public ClerkServiceUnavailableException(String code, String message, Throwable cause,
			@Nullable Duration retryAfter) {
		super(message, cause);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	/**
	 * A failure while something a request needs was read, as the request should be
	 * answered: a {@value #DATABASE_UNAVAILABLE} exception (503), as when a token's user
	 * cannot be loaded; an {@code AuthenticationException} stays as it is.
	 * @param failure the failure
	 * @param message what could not be read, safe to show to the client
	 * @return the exception to throw
	 */
	public static RuntimeException whileReading(RuntimeException failure, String message) {
		return (failure instanceof AuthenticationException) ? failure
				: new ClerkServiceUnavailableException(DATABASE_UNAVAILABLE, message, failure);
	}

	/**
	 * The stable code.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

	/**
	 * How long the failed service asked to wait; the answer's {@code Retry-After} says
	 * so.
	 * @return the wait, if the service named one
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
