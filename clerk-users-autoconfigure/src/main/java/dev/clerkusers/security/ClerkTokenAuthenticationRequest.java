package dev.clerkusers.security;

import java.io.Serial;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request to authenticate with a Clerk session token, as
 * {@link ClerkTokenAuthenticationConverter} finds it on an HTTP request. Not
 * authenticated; {@link ClerkAuthenticationProvider} turns it into a
 * {@link ClerkAuthenticationToken}. The token is never printed.
 */
public class ClerkTokenAuthenticationRequest extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient String token;

	private final TokenSource source;

	private final @Nullable String requestedOrganization;

	/**
	 * Creates a request.
	 * @param token the session token
	 * @param source where the token was found
	 * @param requestedOrganization the organization the request asks to act in (a
	 * header), or {@code null}
	 */
	public ClerkTokenAuthenticationRequest(String token, TokenSource source, @Nullable String requestedOrganization) {
		super(List.of());
		this.token = token;
		this.source = source;
		this.requestedOrganization = requestedOrganization;
	}

	/**
	 * Creates a request from the {@code Authorization} header, without organization.
	 * @param token the session token
	 */
	public ClerkTokenAuthenticationRequest(String token) {
		this(token, TokenSource.HEADER, null);
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
	public TokenSource getSource() {
		return this.source;
	}

	/**
	 * The organization the request asks to act in, for example from an
	 * {@code X-Organization-Id} header. A {@link ClerkOrganizationSelector} decides
	 * whether it may.
	 * @return the organization id, or empty
	 */
	public Optional<String> getRequestedOrganization() {
		return Optional.ofNullable(this.requestedOrganization);
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return null;
	}

	@Override
	public String toString() {
		return "ClerkTokenAuthenticationRequest[source=" + this.source + "]";
	}

}
