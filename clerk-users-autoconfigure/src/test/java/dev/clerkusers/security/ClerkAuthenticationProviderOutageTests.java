package dev.clerkusers.security;

import java.time.Instant;
import java.util.Map;

import dev.clerkusers.token.ClerkSessionClaims;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClerkAuthenticationProvider} when the database fails: a request whose
 * {@code X-Organization-Id} must be looked up among the user's memberships is answered
 * 503 with a message about the memberships, not about the user (black-box run 170, F1:
 * the user was cached, and the message blamed loading it).
 */
class ClerkAuthenticationProviderOutageTests {

	@Test
	void aMembershipLookupThatFailsSaysSoRatherThanBlameTheUser() {
		long now = Instant.now().getEpochSecond();
		ClerkSessionClaims claims = ClerkSessionClaims
			.fromClaims(Map.of("sub", "user_ada", "sid", "sess_1", "exp", now + 60, "iat", now));
		ClerkAuthenticationProvider provider = new ClerkAuthenticationProvider((token) -> claims);
		provider.setOrganizationSelector((organizationId, session) -> {
			throw new DataAccessResourceFailureException("connection refused");
		});
		assertThatExceptionOfType(ClerkServiceUnavailableException.class)
			.isThrownBy(() -> provider
				.authenticate(new ClerkTokenAuthenticationRequest("token", TokenSource.HEADER, "org_acme")))
			.withMessage("The organization memberships of this user could not be read; try again shortly");
	}

}
