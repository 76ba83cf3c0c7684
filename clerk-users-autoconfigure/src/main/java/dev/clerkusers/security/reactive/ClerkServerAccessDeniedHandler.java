package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkAuthenticationResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.HttpStatusServerAccessDeniedHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers 403 to an exchange with a bearer token that is not allowed what it asks for,
 * exactly as the servlet side's {@code ClerkAccessDeniedHandler}:
 * {@code WWW-Authenticate: Bearer error="insufficient_scope"} and {@code {"error":
 * "forbidden", …}}. Other exchanges (a browser's form-login session, say) get Spring
 * Security's plain 403.
 */
public class ClerkServerAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final ServerAccessDeniedHandler others = new HttpStatusServerAccessDeniedHandler(HttpStatus.FORBIDDEN);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		if (ServerClerkTokenAuthenticationConverter.hasBearerHeader(exchange)) {
			return ClerkServerAuthenticationEntryPoint.write(exchange, ClerkAuthenticationResponse.forbidden());
		}
		return this.others.handle(exchange, denied);
	}

}
