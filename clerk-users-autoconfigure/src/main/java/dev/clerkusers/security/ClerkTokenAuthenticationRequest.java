package dev.clerkusers.security;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request to authenticate with a Clerk session token, as the
 * {@link ClerkAuthenticationFilter} hands it to the {@code AuthenticationManager}. Not
 * authenticated; {@link ClerkAuthenticationProvider} turns it into a
 * {@link ClerkAuthenticationToken}.
 */
public class ClerkTokenAuthenticationRequest extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient String token;

	private final ClerkTokenResolver.Source source;

	/**
	 * Creates a request.
	 * @param token the session token
	 * @param source where the token was found
	 */
	public ClerkTokenAuthenticationRequest(String token, ClerkTokenResolver.Source source) {
		super(List.of());
		this.token = token;
		this.source = source;
	}

	/**
	 * The session token.
	 * @return the token
	 */
	public String getToken() {
		return this.token;
	}

	/**
	 * Where the token was found.
	 * @return the source
	 */
	public ClerkTokenResolver.Source getSource() {
		return this.source;
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return null;
	}

}
