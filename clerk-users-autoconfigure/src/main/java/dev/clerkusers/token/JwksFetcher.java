package dev.clerkusers.token;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * Fetches a JSON Web Key Set.
 *
 * @see HttpJwksFetcher
 */
@FunctionalInterface
public interface JwksFetcher {

	/**
	 * Fetches the key set.
	 * @return the keys
	 * @throws JwksFetchException when the keys cannot be fetched or parsed
	 */
	JWKSet fetch();

	/**
	 * Thrown when a key set cannot be fetched or parsed.
	 */
	class JwksFetchException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * Creates an exception.
		 * @param message what went wrong
		 * @param cause the failure
		 */
		public JwksFetchException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
