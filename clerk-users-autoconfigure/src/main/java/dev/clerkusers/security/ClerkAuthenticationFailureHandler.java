package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * What a refused Clerk token does to its request. The rejection is kept as the request
 * attribute {@link ClerkAuthenticationEntryPoint#REJECTION_ATTRIBUTE}, so that a later
 * 401 can name it; then either:
 * <ul>
 * <li>{@link #refusing(AuthenticationEntryPoint)}: the entry point answers (by default
 * 401 with the reason) and the response is committed, which ends the request; or</li>
 * <li>{@link #anonymous()}: nothing is written, and the request goes on as anonymous
 * (never as the session's user), so that endpoints open to anonymous users still answer,
 * while protected ones answer 401 with the reason.</li>
 * </ul>
 * An expired or not-yet-valid token from Clerk's {@code __session} cookie is never
 * answered: the cookie of a tab left idle is no token, and the request goes on with the
 * authentication it had (a form-login session, or anonymous). Either way, a failure of a
 * service that authentication needs (an {@link AuthenticationServiceException}: the
 * database or the keys unavailable) is answered 503 with {@code Retry-After} and a JSON
 * body: a client must retry, not sign its user out. {@link ClerkAuthenticationFilter}
 * lets a request go on after a failure when this handler left the response uncommitted
 * (the anonymous policy); after a failure handler of the application's own, the request
 * ends, as after Spring Security's own authentication filters.
 */
public final class ClerkAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private final @Nullable AuthenticationEntryPoint entryPoint;

	private ClerkAuthenticationFailureHandler(@Nullable AuthenticationEntryPoint entryPoint) {
		this.entryPoint = entryPoint;
	}

	/**
	 * Answers a refused token with an entry point, and ends the request.
	 * @param entryPoint the entry point, for example
	 * {@link ClerkAuthenticationEntryPoint}
	 * @return the failure handler
	 */
	public static ClerkAuthenticationFailureHandler refusing(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		return new ClerkAuthenticationFailureHandler(entryPoint);
	}

	/**
	 * Lets a request whose token was refused go on as anonymous.
	 * @return the failure handler
	 */
	public static ClerkAuthenticationFailureHandler anonymous() {
		return new ClerkAuthenticationFailureHandler(null);
	}

	/**
	 * This policy, answering with another entry point: a refusing handler refuses with
	 * it, an anonymous one stays anonymous (the chain's entry point answers later, where
	 * authentication is required).
	 * @param entryPoint the entry point
	 * @return the failure handler
	 */
	public ClerkAuthenticationFailureHandler withEntryPoint(AuthenticationEntryPoint entryPoint) {
		Assert.notNull(entryPoint, "entryPoint must not be null");
		return (this.entryPoint != null) ? refusing(entryPoint) : this;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof AuthenticationServiceException unavailable) {
			serviceUnavailable(response, unavailable);
			return;
		}
		ClerkAuthenticationException rejection = ClerkAuthenticationResponse.rejectionOf(exception);
		request.setAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE, rejection);
		if (this.entryPoint != null && !ClerkAuthenticationResponse
			.isStaleCookie((TokenSource) request.getAttribute(TokenSource.ATTRIBUTE), rejection)) {
			this.entryPoint.commence(request, response, rejection);
			response.flushBuffer();
		}
	}

	/**
	 * Answers a failure of a service that authentication needs: 503 with
	 * {@code Retry-After}, whatever the policy for refused tokens, since the request
	 * could be neither authenticated nor refused.
	 */
	static void serviceUnavailable(HttpServletResponse response, AuthenticationServiceException failure)
			throws IOException {
		ClerkAuthenticationResponse answer = ClerkAuthenticationResponse.serviceUnavailable(failure);
		ClerkAuthenticationEntryPoint.write(response, answer);
		response.flushBuffer();
	}

}
