package dev.clerkusers.security;

import java.io.Serial;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import dev.clerkusers.token.TokenRejectionReason;
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

	/** Why the request's credential cannot be read, or {@code null} when it can. */
	private final @Nullable String unreadable;

	/**
	 * Creates a request.
	 * @param token the session token
	 * @param source where the token was found
	 * @param requestedOrganization the organization the request asks to act in (a
	 * header), or {@code null}
	 */
	public ClerkTokenAuthenticationRequest(String token, TokenSource source, @Nullable String requestedOrganization) {
		this(token, source, requestedOrganization, null);
	}

	private ClerkTokenAuthenticationRequest(String token, TokenSource source, @Nullable String requestedOrganization,
			@Nullable String unreadable) {
		super(List.of());
		this.token = token;
		this.source = source;
		this.requestedOrganization = requestedOrganization;
		this.unreadable = unreadable;
	}

	/**
	 * Creates a request from the {@code Authorization} header, without organization.
	 * @param token the session token
	 */
	public ClerkTokenAuthenticationRequest(String token) {
		this(token, TokenSource.HEADER, null);
	}

	/**
	 * Finds the Clerk session token of a request, from its raw parts, the same way on
	 * every web stack: {@code Authorization: Bearer <token>} (the scheme in any case),
	 * or, only when there is no bearer header, the session cookie. Other
	 * {@code Authorization} schemes (such as Basic) are left to other mechanisms. A
	 * request with more than one {@code Authorization} header, one of them a bearer one,
	 * names no single credential (a gateway reading the last would judge another than
	 * this application). Such a request, and one with a bearer header without a token, is
	 * still an authentication request, which {@link ClerkAuthenticationProvider} refuses
	 * ({@code token-invalid}) as it refuses every other token: timed, published and
	 * answered alike.
	 * @param authorizations the values of the {@code Authorization} headers, in order
	 * @param sessionCookie the value of the session cookie, asked for only when there is
	 * no bearer header; {@code null} when the cookie is absent or not read
	 * @param requestedOrganization the organization the request asks for, asked for only
	 * when there is a token; {@code null} when none
	 * @return the authentication request, or {@code null} when the request has no token
	 */
	public static @Nullable ClerkTokenAuthenticationRequest find(List<String> authorizations,
			Supplier<@Nullable String> sessionCookie, Supplier<@Nullable String> requestedOrganization) {
		if (authorizations.size() > 1 && authorizations.stream().anyMatch(ClerkTokenAuthenticationRequest::isBearer)) {
			return unreadable("The request has " + authorizations.size() + " Authorization headers; send one");
		}
		String authorization = authorizations.isEmpty() ? null : authorizations.get(0);
		String token = null;
		TokenSource source = null;
		if (authorization != null && isBearer(authorization)) {
			token = authorization.trim().substring(6).trim();
			if (token.isEmpty()) {
				return unreadable("The Authorization header has the Bearer scheme but no token");
			}
			source = TokenSource.HEADER;
		}
		else {
			String cookie = sessionCookie.get();
			if (cookie != null && !cookie.isBlank()) {
				token = cookie.trim();
				source = TokenSource.COOKIE;
			}
		}
		if (token == null || source == null) {
			return null;
		}
		String organization = requestedOrganization.get();
		return new ClerkTokenAuthenticationRequest(token, source,
				(organization != null && !organization.isBlank()) ? organization.trim() : null);
	}

	private static ClerkTokenAuthenticationRequest unreadable(String reason) {
		return new ClerkTokenAuthenticationRequest("", TokenSource.HEADER, null, reason);
	}

	/**
	 * Refuses a request whose credential could not be read, before any token rule.
	 * @throws ClerkAuthenticationException ({@code token-invalid}) when it could not
	 */
	void requireReadable() {
		if (this.unreadable != null) {
			throw new ClerkAuthenticationException(TokenRejectionReason.MALFORMED.code(), this.unreadable);
		}
	}

	/**
	 * Whether the request's credential could be read.
	 * @return {@code false} for a bearer header without a token or several
	 * {@code Authorization} headers
	 */
	boolean isReadable() {
		return this.unreadable == null;
	}

	/**
	 * The organization a request asks for in its organization header: the header's one
	 * value. A request that names several (several headers of the name) asks for none,
	 * rather than for whichever came first.
	 * @param values the values of the request's organization headers, in order
	 * @return the one value, or {@code null} when there is none or more than one
	 */
	public static @Nullable String requestedOrganization(List<String> values) {
		return (values.size() == 1) ? values.get(0) : null;
	}

	/**
	 * Whether an {@code Authorization} header has the {@code Bearer} scheme, in any case.
	 * @param authorization the header's value
	 * @return {@code true} when it has
	 */
	public static boolean isBearer(String authorization) {
		String trimmed = authorization.trim();
		return trimmed.length() >= 6 && trimmed.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
				&& (trimmed.length() == 6 || Character.isWhitespace(trimmed.charAt(6)));
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
