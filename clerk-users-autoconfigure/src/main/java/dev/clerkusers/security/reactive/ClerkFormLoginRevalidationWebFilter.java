package dev.clerkusers.security.reactive;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.security.ClerkServiceUnavailableException;
import dev.clerkusers.security.ClerkUserDetails;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * Keeps a form-login sign-in (a {@link ClerkUserDetails} principal, kept in the web
 * session) true to the users table, with the rules of the servlet side's
 * {@code ClerkFormLoginSecurityContextRepository}: its user is read again on every
 * exchange (on a bounded scheduler), and the sign-in ends (the exchange goes on as
 * anonymous, and its web session ends, as at a logout) when the user is gone, inactive or
 * locked out, or when its password or its staff or superuser rights changed since it
 * signed in. Other sign-ins are left as they are, and so is an exchange that a Clerk
 * token (a bearer header, or a valid {@code __session} cookie) authenticated: the token
 * decides who the exchange is, and the stored sign-in is not read. When the user cannot
 * be read (the database is down), the sign-in is neither kept nor ended: the exchange is
 * answered 503 with {@code Retry-After}
 * ({@value ClerkServiceUnavailableException#DATABASE_UNAVAILABLE}), as a token whose user
 * cannot be loaded is, and the sign-in stays in the web session for the next exchange to
 * check.
 * <p>
 * With the users table, clerk-users' auto-configuration adds it to every chain, right
 * after the authentication filters, whichever {@link ClerkServerConfigurer} applies;
 * {@link ClerkServerConfigurer#formLoginUsers(ClerkUserService)} adds it to a chain built
 * outside Spring's container. Added twice to one chain, it checks once.
 */
public final class ClerkFormLoginRevalidationWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(ClerkFormLoginRevalidationWebFilter.class);

	private static final String CHECKED_ATTRIBUTE = ClerkFormLoginRevalidationWebFilter.class.getName() + ".CHECKED";

	private final ClerkUserService users;

	private Scheduler scheduler = Schedulers.boundedElastic();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the filter.
	 * @param users reads the users
	 */
	public ClerkFormLoginRevalidationWebFilter(ClerkUserService users) {
		Assert.notNull(users, "users must not be null");
		this.users = users;
	}

	/**
	 * Sets the bounded scheduler where users are read (default:
	 * {@link Schedulers#boundedElastic()}).
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler must not be null");
		this.scheduler = scheduler;
	}

	/**
	 * Sets the clock that decides lockouts.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getAttributes().putIfAbsent(CHECKED_ATTRIBUTE, Boolean.TRUE) != null) {
			// Checked by another instance in this chain already.
			return chain.filter(exchange);
		}
		if (ServerClerkTokenAuthenticationConverter.hasBearerHeader(exchange)) {
			// The token decides who the exchange is, also when it was refused and let
			// through as anonymous; the stored sign-in is not used.
			return chain.filter(exchange);
		}
		Mono<Void> asItIs = Mono.defer(() -> chain.filter(exchange));
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((authentication) -> authentication.getPrincipal() instanceof ClerkUserDetails)
			.flatMap((authentication) -> next(authentication, exchange, asItIs))
			.defaultIfEmpty(asItIs)
			.flatMap(Function.identity());
	}

	/**
	 * What follows the check of a stored sign-in: the chain with the sign-in's user as
	 * stored now when the sign-in holds, without it when it ended, and a 503 when its
	 * user could not be read. The returned {@code Mono} only assembles the next step, so
	 * the chain's own errors never reach the error handling here.
	 */
	private Mono<Mono<Void>> next(Authentication authentication, ServerWebExchange exchange, Mono<Void> asItIs) {
		if (!(authentication.getPrincipal() instanceof ClerkUserDetails details)) {
			return Mono.just(asItIs);
		}
		return Mono.fromCallable(() -> this.users.findByUid(details.getUser().getUid()))
			.subscribeOn(this.scheduler)
			.map((current) -> holds(details, current)
					? asItIs.contextWrite(ReactiveSecurityContextHolder.withAuthentication(
							authentication.toBuilder().principal(details.withUser(current.get())).build()))
					: forget(exchange).then(asItIs.contextWrite(ReactiveSecurityContextHolder.clearContext())))
			.onErrorResume(RuntimeException.class, (ex) -> {
				logger.warn("Could not read the user of a form-login sign-in; answering 503: " + ex);
				return Mono.just(ClerkServerAuthenticationEntryPoint.write(exchange,
						ClerkAuthenticationResponse.serviceUnavailable(new ClerkServiceUnavailableException(
								ClerkServiceUnavailableException.DATABASE_UNAVAILABLE,
								"The user of this sign-in could not be loaded; try again shortly", ex))));
			});
	}

	private boolean holds(ClerkUserDetails details, Optional<ClerkUser> current) {
		boolean holds = current.isPresent() && details.holdsFor(current.get(), this.clock.instant());
		if (!holds) {
			logger.debug("The user of a form-login sign-in is gone, inactive, locked out, or changed its password or "
					+ "rights; ending the sign-in kept in the web session");
		}
		return holds;
	}

	/**
	 * Ends the web session of a sign-in that ended, as a logout with Spring's
	 * {@code WebSessionServerLogoutHandler} does, so that it frees its place under a
	 * concurrent session limit.
	 */
	private static Mono<Void> forget(ServerWebExchange exchange) {
		return exchange.getSession().flatMap(WebSession::invalidate);
	}

}
