package dev.clerkusers.security.reactive;

import java.util.Set;

import dev.clerkusers.security.ClerkAuthenticationEntryPoint;
import dev.clerkusers.security.ClerkAuthenticationException;
import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.security.TokenSource;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers 401 to exchanges with a Clerk token that was refused, or without credentials
 * where the application expects a bearer token, exactly as the servlet side's
 * {@link ClerkAuthenticationEntryPoint}: {@code WWW-Authenticate: Bearer} (with
 * {@code error="invalid_token"} and the reason when a token was refused) and
 * {@code {"error": "invalid_token", "reason": "token-expired", "message": "…"}}. A
 * refusal kept earlier in the exchange attribute
 * {@link ClerkAuthenticationEntryPoint#REJECTION_ATTRIBUTE} is named too.
 */
public class ClerkServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	/**
	 * The entry point of a filter chain that has a login page beside Clerk tokens (for
	 * example {@code formLogin()}): a browser asking for a page
	 * ({@code Accept: text/html}, as Spring Security's form login decides) is sent to the
	 * login page, every other client gets this entry point's 401. WebFlux keeps one entry
	 * point per chain, so set it after Clerk's: {@code exceptionHandling((exceptions) ->
	 * exceptions.authenticationEntryPoint(ClerkServerAuthenticationEntryPoint.withLoginPage("/login")))}.
	 * An exchange with a bearer header, or whose token was refused (other than a stale
	 * {@code __session} cookie, which is no token), gets this entry point's 401 with the
	 * reason whatever it accepts, as on servlet: a bearer header is sent by code, which a
	 * redirect does not help.
	 * @param loginPage the path of the login page
	 * @return the entry point
	 */
	public static ServerAuthenticationEntryPoint withLoginPage(String loginPage) {
		ClerkServerAuthenticationEntryPoint clerk = new ClerkServerAuthenticationEntryPoint();
		ServerWebExchangeMatcher clerkExchanges = (exchange) -> ClerkAuthenticationResponse.isClerkChallenge(
				ServerClerkTokenAuthenticationConverter.hasBearerHeader(exchange),
				exchange.getAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE),
				exchange.getAttribute(TokenSource.ATTRIBUTE)) ? ServerWebExchangeMatcher.MatchResult.match()
						: ServerWebExchangeMatcher.MatchResult.notMatch();
		MediaTypeServerWebExchangeMatcher browsers = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
		browsers.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(clerkExchanges, clerk),
				new DelegateEntry(browsers, new RedirectServerAuthenticationEntryPoint(loginPage)));
		entryPoint.setDefaultEntryPoint(clerk);
		return entryPoint;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
		ClerkAuthenticationException rejection = (failure instanceof ClerkAuthenticationException clerk) ? clerk
				: exchange.getAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE);
		return write(exchange,
				ClerkAuthenticationResponse.unauthorized(rejection,
						exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION),
						exchange.getAttribute(ClerkAuthenticationResponse.UNUSED_SESSION_COOKIE_ATTRIBUTE)));
	}

	/**
	 * Writes an answer to an exchange.
	 * @param exchange the exchange
	 * @param answer the answer
	 * @return completes when written
	 */
	static Mono<Void> write(ServerWebExchange exchange, ClerkAuthenticationResponse answer) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(answer.status());
		answer.headers().forEach(response.getHeaders()::set);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer body = response.bufferFactory()
			.wrap(answer.bodyJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

}
