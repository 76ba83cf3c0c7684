package dev.clerkusers.security.reactive;

import dev.clerkusers.security.ClerkAuthenticationEntryPoint;
import dev.clerkusers.security.ClerkAuthenticationException;
import dev.clerkusers.security.ClerkAuthenticationFailureHandler;
import dev.clerkusers.security.ClerkAuthenticationResponse;
import dev.clerkusers.security.TokenSource;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * What a refused Clerk token does to its exchange, with the rules of the servlet side's
 * {@link ClerkAuthenticationFailureHandler}. The refusal is kept as the exchange
 * attribute {@link ClerkAuthenticationEntryPoint#REJECTION_ATTRIBUTE}; then either:
 * <ul>
 * <li>{@link #refusing(ServerAuthenticationEntryPoint)}: the entry point answers (by
 * default 401 with the reason); or</li>
 * <li>{@link #anonymous()}: the exchange goes on down the filter chain as anonymous
 * (never as the session's user), so that endpoints open to anonymous users still answer,
 * while protected ones answer 401 with the reason.</li>
 * </ul>
 * An expired or not-yet-valid token from Clerk's {@code __session} cookie is never
 * answered: the cookie of a tab left idle is no token, and the exchange goes on with the
 * authentication it had (a form-login session, or anonymous). Either way, a failure of a
 * service that authentication needs (an {@link AuthenticationServiceException}: the
 * database or the keys unavailable) is answered 503 with {@code Retry-After}.
 */
public final class ClerkServerAuthenticationFailureHandler implements ServerAuthenticationFailureHandler {

	private final @Nullable ServerAuthenticationEntryPoint entryPoint;

	private ClerkServerAuthenticationFailureHandler(@Nullable ServerAuthenticationEntryPoint entryPoint) {
		this.entryPoint = entryPoint;
	}

	/**
	 * Answers a refused token with an entry point.
	 * @param entryPoint the entry point, for example
	 * {@link ClerkServerAuthenticationEntryPoint}
	 * @return the failure handler
	 */
	public static ClerkServerAuthenticationFailureHandler refusing(ServerAuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		return new ClerkServerAuthenticationFailureHandler(entryPoint);
	}

	/**
	 * Lets an exchange whose token was refused go on as anonymous.
	 * @return the failure handler
	 */
	public static ClerkServerAuthenticationFailureHandler anonymous() {
		return new ClerkServerAuthenticationFailureHandler(null);
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException failure) {
		if (failure instanceof AuthenticationServiceException unavailable) {
			return ClerkServerAuthenticationEntryPoint.write(webFilterExchange.getExchange(),
					ClerkAuthenticationResponse.serviceUnavailable(unavailable));
		}
		ClerkAuthenticationException rejection = ClerkAuthenticationResponse.rejectionOf(failure);
		webFilterExchange.getExchange()
			.getAttributes()
			.put(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE, rejection);
		TokenSource source = webFilterExchange.getExchange().getAttribute(TokenSource.ATTRIBUTE);
		if (ClerkAuthenticationResponse.isStaleCookie(source, rejection)) {
			// No token: the exchange goes on with the authentication it had.
			return webFilterExchange.getChain().filter(webFilterExchange.getExchange());
		}
		if (this.entryPoint != null) {
			return this.entryPoint.commence(webFilterExchange.getExchange(), rejection);
		}
		// A refused token never falls back to another authentication (a form-login
		// session, say): the exchange goes on as anonymous.
		return webFilterExchange.getChain()
			.filter(webFilterExchange.getExchange())
			.contextWrite(ReactiveSecurityContextHolder.clearContext());
	}

}
