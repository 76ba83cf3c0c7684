package dev.clerkusers.security.reactive;

import java.io.Serial;

import dev.clerkusers.security.ClerkServiceUnavailableException;

/**
 * A sign-in with a password (a form's, or HTTP Basic's) that the database could not
 * check, on its way past the filter that asked for it. It is no
 * {@code AuthenticationException} on purpose: that filter would hand one to its failure
 * handler, which sends the browser back to the login page as for a wrong password.
 * {@link ClerkServerConfigurer}'s filter, before those in the chain, answers it 503 as
 * every other failure of a service that authentication needs.
 */
final class SignInUnavailableException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final ClerkServiceUnavailableException failure;

	SignInUnavailableException(ClerkServiceUnavailableException failure) {
		super(failure.getMessage(), failure, false, false);
		this.failure = failure;
	}

	/**
	 * What could not be read.
	 * @return the failure
	 */
	ClerkServiceUnavailableException failure() {
		return this.failure;
	}

}
