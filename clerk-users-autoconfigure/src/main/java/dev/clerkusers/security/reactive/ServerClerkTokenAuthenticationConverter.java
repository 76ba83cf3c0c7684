package dev.clerkusers.security.reactive;

import java.util.List;
import java.util.function.Function;

import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.security.ClerkAuthenticationResponse.UnusedSessionCookie;
import dev.clerkusers.security.ClerkSessionCookie;
import dev.clerkusers.security.ClerkTokenAuthenticationRequest;
import dev.clerkusers.security.TokenSource;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the Clerk session token of an exchange, by the rules of
 * {@link ClerkTokenAuthenticationRequest#find}, the same as on the servlet side:
 * {@code Authorization: Bearer <token>}, or, only when a cookie name is set and there is
 * no bearer header, Clerk's {@code __session} cookie. Where the token was found is kept
 * as the exchange attribute {@link TokenSource#ATTRIBUTE}. A bearer header without a
 * token is a request that the authentication manager refuses ({@code token-invalid}).
 */
public final class ServerClerkTokenAuthenticationConverter implements ServerAuthenticationConverter {

	private @Nullable ClerkSessionCookie sessionCookie;

	private @Nullable String organizationHeaderName;

	/**
	 * Reads the session cookie too, under this name (usually {@code __session}).
	 * @param sessionCookieName the cookie's name, or {@code null} to read the header only
	 * (the default)
	 */
	public void setSessionCookieName(@Nullable String sessionCookieName) {
		this.sessionCookie = (sessionCookieName != null) ? ClerkSessionCookie.named(sessionCookieName) : null;
	}

	/**
	 * Reads Clerk's session cookie too, as this says: by its name, and the instance's
	 * suffixed one first.
	 * @param sessionCookie the cookie, or {@code null} to read the header only (the
	 * default)
	 */
	public void setSessionCookie(@Nullable ClerkSessionCookie sessionCookie) {
		this.sessionCookie = sessionCookie;
	}

	/**
	 * Passes on the organization a request asks for in this header, for an organization
	 * selector to check.
	 * @param organizationHeaderName the header's name, for example
	 * {@code X-Organization-Id}, or {@code null} (the default)
	 */
	public void setOrganizationHeaderName(@Nullable String organizationHeaderName) {
		this.organizationHeaderName = organizationHeaderName;
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			HttpHeaders headers = exchange.getRequest().getHeaders();
			ClerkTokenAuthenticationRequest found = ClerkTokenAuthenticationRequest.find(
					headers.getOrEmpty(HttpHeaders.AUTHORIZATION), () -> sessionCookie(exchange),
					() -> (this.organizationHeaderName != null) ? ClerkTokenAuthenticationRequest
						.requestedOrganization(headers.getOrEmpty(this.organizationHeaderName)) : null);
			if (found == null) {
				return Mono.empty();
			}
			exchange.getAttributes().put(TokenSource.ATTRIBUTE, found.getSource());
			return Mono.just(found);
		});
	}

	private @Nullable String sessionCookie(ServerWebExchange exchange) {
		Function<String, List<String>> cookies = (name) -> cookie(exchange, name);
		String token = (this.sessionCookie != null) ? this.sessionCookie.token(cookies) : null;
		UnusedSessionCookie unused = UnusedSessionCookie.of(this.sessionCookie, token, cookies);
		if (unused != null) {
			exchange.getAttributes().put(ClerkAuthenticationResponse.UNUSED_SESSION_COOKIE_ATTRIBUTE, unused);
		}
		return token;
	}

	private static List<String> cookie(ServerWebExchange exchange, String name) {
		return exchange.getRequest()
			.getCookies()
			.getOrDefault(name, List.of())
			.stream()
			.map(HttpCookie::getValue)
			.toList();
	}

	/**
	 * Whether an exchange carries a bearer {@code Authorization} header (among others).
	 * @param exchange the exchange
	 * @return {@code true} when it does
	 */
	public static boolean hasBearerHeader(ServerWebExchange exchange) {
		return exchange.getRequest()
			.getHeaders()
			.getOrEmpty(HttpHeaders.AUTHORIZATION)
			.stream()
			.anyMatch(ClerkTokenAuthenticationRequest::isBearer);
	}

}
