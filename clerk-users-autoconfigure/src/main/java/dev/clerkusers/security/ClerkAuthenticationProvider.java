package dev.clerkusers.security;

import java.time.Clock;

import dev.clerkusers.token.ClerkSessionClaims;
import dev.clerkusers.token.ClerkTokenException;
import dev.clerkusers.token.ClerkTokenVerifier;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserLoader;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Authenticates {@link ClerkTokenAuthenticationRequest}s: verifies the token, finds the
 * user (cache, database, or Clerk's Backend API on first sight), refuses inactive users,
 * and maps authorities.
 * <p>
 * It is not a bean: a bean of type {@code AuthenticationProvider} would make Spring
 * Security drop the {@code DaoAuthenticationProvider} that serves form login
 * (spring-security#14663). {@link ClerkConfigurer} adds it to each filter chain, beside
 * the form-login provider of the same {@code ProviderManager}.
 */
public final class ClerkAuthenticationProvider implements AuthenticationProvider {

	private final ClerkTokenVerifier verifier;

	private final ClerkUserLoader users;

	private final ClerkAuthoritiesMapper authoritiesMapper;

	private final Clock clock;

	/**
	 * Creates a provider.
	 * @param verifier verifies tokens
	 * @param users loads users
	 * @param authoritiesMapper maps authorities
	 * @param clock the clock of {@link ClerkAuthenticationToken#getVerifiedAt()}
	 */
	public ClerkAuthenticationProvider(ClerkTokenVerifier verifier, ClerkUserLoader users,
			ClerkAuthoritiesMapper authoritiesMapper, Clock clock) {
		this.verifier = verifier;
		this.users = users;
		this.authoritiesMapper = authoritiesMapper;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ClerkTokenAuthenticationRequest request = (ClerkTokenAuthenticationRequest) authentication;
		ClerkSessionClaims claims;
		try {
			claims = this.verifier.verify(request.getToken());
		}
		catch (ClerkTokenException ex) {
			throw new ClerkAuthenticationException(ex);
		}
		ClerkUser user = this.users.load(claims.userId())
			.orElseThrow(() -> new ClerkAuthenticationException(ClerkAuthenticationException.USER_UNKNOWN,
					"The user of this token is not known"));
		if (!user.isActive()) {
			throw new ClerkAuthenticationException(ClerkAuthenticationException.USER_INACTIVE,
					"The user of this token is inactive");
		}
		return ClerkAuthenticationToken.of(user, claims, claims.organization().orElse(null), this.authoritiesMapper,
				this.clock.instant());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ClerkTokenAuthenticationRequest.class.isAssignableFrom(authentication);
	}

}
