package dev.clerkusers.it.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.clerkusers.it.PostgresIntegrationTest;
import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkSessionSecurityContextRepository;
import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.EndedSessions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ended-session check of session mode fails closed without signing anybody out: when
 * the database cannot say whether a Clerk session ended, the request is refused as an
 * outage (answered 503) and the sign-in stays in the HTTP session, for the next request
 * to check.
 */
@PostgresIntegrationTest
class SessionRevalidationFailureTests {

	@Autowired
	ClerkUserService users;

	@Autowired
	JdbcConnectionDetails dataSource;

	@Test
	void aClerkSignInIsRefusedButKeptWhenTheEndedSessionCheckCannotBeMade() {
		String missingDatabase = this.dataSource.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
		EndedSessions unreachable = new EndedSessions(
				new JdbcTemplate(new DriverManagerDataSource(missingDatabase, this.dataSource.getUsername(),
						this.dataSource.getPassword())),
				TransactionOperations.withoutTransaction(), Duration.ofMinutes(1), Clock.systemUTC());
		ClerkSessionSecurityContextRepository repository = new ClerkSessionSecurityContextRepository(this.users,
				unreachable);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		MockHttpSession session = new MockHttpSession();
		request.setSession(session);
		ClerkSessionClaims claims = ClerkSessionClaims.fromClaims(
				Map.of("sub", "user_s", "sid", "sess_s", "exp", Instant.now().plusSeconds(60).getEpochSecond()));
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(new ClerkAuthenticationToken(null, claims, null, List.of(), Instant.now())));
		assertThat(repository.loadDeferredContext(request).get().getAuthentication())
			.as("not used for this request, which ClerkAuthenticationFilter answers 503")
			.isNull();
		assertThat(session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY))
			.as("kept for the next request")
			.isNotNull();
	}

}
