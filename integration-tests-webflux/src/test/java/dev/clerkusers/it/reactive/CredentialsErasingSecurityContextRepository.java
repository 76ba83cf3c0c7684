package dev.clerkusers.it.reactive;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * docs/webflux.md's repository for a form login's sign-ins: Spring's web-session
 * repository, which first erases their credentials (the password hash Spring's reactive
 * manager leaves there).
 */
class CredentialsErasingSecurityContextRepository implements ServerSecurityContextRepository {

	private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();

	@Override
	public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
		if (context != null && context.getAuthentication() instanceof CredentialsContainer signIn) {
			signIn.eraseCredentials();
		}
		return this.sessions.save(exchange, context);
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		return this.sessions.load(exchange);
	}

}
