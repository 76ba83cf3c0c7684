package dev.clerkusers.security.reactive;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.clerkusers.security.ClerkAuthenticationToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.WebFilterChainServerAuthenticationSuccessHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * Reads no Clerk sign-in kept beyond its exchange, as the servlet side's stateless mode
 * reads none from the HTTP session: WebFlux has no session mode, so a Clerk sign-in that
 * a chain's security context repository finds in the web session was kept there by
 * something other than clerk-users (a servlet instance in session mode sharing a Spring
 * Session store, the application's code), and nothing would check it there (its token's
 * expiry, its Clerk session, its user). The exchange goes on without it, as anonymous.
 * The sign-in that this exchange's own token made is read as it is (the token filter's
 * {@link #successHandler() success handler} names it), and so is one that is not in the
 * web session (a test's).
 */
final class KeptClerkSignInWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(KeptClerkSignInWebFilter.class);

	/** The exchange attribute that holds the sign-in of the exchange's own token. */
	private static final String SIGNED_IN_ATTRIBUTE = KeptClerkSignInWebFilter.class.getName() + ".SIGNED_IN";

	/** Whether this chain warned already: once per chain, not per exchange. */
	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * The success handler of the token filter: it names the exchange's sign-in, then goes
	 * on down the chain as Spring Security's default handler does.
	 * @return the handler
	 */
	static ServerAuthenticationSuccessHandler successHandler() {
		ServerAuthenticationSuccessHandler goOn = new WebFilterChainServerAuthenticationSuccessHandler();
		return (WebFilterExchange exchange, Authentication authentication) -> {
			exchange.getExchange().getAttributes().put(SIGNED_IN_ATTRIBUTE, authentication);
			return goOn.onAuthenticationSuccess(exchange, authentication);
		};
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<Void> asItIs = Mono.defer(() -> chain.filter(exchange));
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((authentication) -> authentication instanceof ClerkAuthenticationToken
					&& exchange.getAttribute(SIGNED_IN_ATTRIBUTE) != authentication)
			.filterWhen((authentication) -> exchange.getSession().map((session) -> isKeptIn(session, authentication)))
			.map((kept) -> {
				if (this.warned.compareAndSet(false, true)) {
					logger.warn("A Clerk sign-in kept in the web session (by something other than clerk-users) is "
							+ "not read: on WebFlux every exchange carries its Clerk token, and nothing checks a "
							+ "sign-in kept there");
				}
				return asItIs.contextWrite(ReactiveSecurityContextHolder.clearContext());
			})
			.defaultIfEmpty(asItIs)
			.flatMap(Function.identity());
	}

	/**
	 * Whether the web session holds the sign-in, in a security context under any
	 * attribute: a sign-in that a test put in the exchange's context (the test kit's
	 * {@code @WithClerkUser}) is not in it, and is read.
	 */
	private static boolean isKeptIn(WebSession session, Authentication authentication) {
		return session.getAttributes()
			.values()
			.stream()
			.anyMatch((value) -> value instanceof SecurityContext context
					&& authentication.equals(context.getAuthentication()));
	}

}
