package dev.clerkusers.security;

import java.io.Serial;

/**
 * A sign-in with a password (the login form's, or HTTP Basic's on WebFlux) that could not
 * be checked, because the users could not be read: an outage, answered 503 with
 * {@code Retry-After} like every other failure of a service that authentication needs,
 * never as a wrong password.
 * <p>
 * It is no {@code AuthenticationException} on purpose: the filter that asked for the
 * sign-in would hand one to its failure handler, which sends the browser back to the
 * login page. It leaves that filter, and the Clerk filter before it in the chain
 * ({@link ClerkAuthenticationFilter}, or the one {@code ClerkServerConfigurer} adds on
 * WebFlux) answers it. Its {@link #getFailure() failure} says what could not be read.
 */
public class ClerkSignInUnavailableException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final ClerkServiceUnavailableException failure;

	/**
	 * Creates the exception.
	 * @param failure what could not be read
	 */
	public ClerkSignInUnavailableException(ClerkServiceUnavailableException failure) {
		super(failure.getMessage(), failure, false, false);
		this.failure = failure;
	}

	/**
	 * What could not be read, as the request is answered: {@code database-unavailable}.
	 * @return the failure
	 */
	public ClerkServiceUnavailableException getFailure() {
		return this.failure;
	}

}
