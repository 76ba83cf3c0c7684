package dev.clerkusers.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.token.TokenRejectionReason;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * An expired or not-yet-valid token from Clerk's {@code __session} cookie is always
 * treated as anonymous: the cookie of a tab left idle. Either way, a failure of a service
 * that authentication needs (an {@link AuthenticationServiceException}: the database or
 * the keys unavailable) is answered 503 with {@code Retry-After} and a JSON body: a
 * client must retry, not sign its user out. {@link ClerkAuthenticationFilter} lets a
 * request go on after a failure exactly when the failure handler left the response
 * uncommitted.
 */
public final class ClerkAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private static final String RETRY_AFTER_SECONDS = "5";

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

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof AuthenticationServiceException unavailable) {
			serviceUnavailable(response, unavailable);
			return;
		}
		ClerkAuthenticationException rejection = (exception instanceof ClerkAuthenticationException clerk) ? clerk
				: new ClerkAuthenticationException(TokenRejectionReason.MALFORMED.code(),
						String.valueOf(exception.getMessage()));
		request.setAttribute(ClerkAuthenticationEntryPoint.REJECTION_ATTRIBUTE, rejection);
		if (this.entryPoint != null && !isStaleCookie(request, rejection)) {
			this.entryPoint.commence(request, response, rejection);
			response.flushBuffer();
		}
	}

	/**
	 * Whether the request only carries Clerk's {@code __session} cookie that is out of
	 * date: it is refreshed by Clerk's frontend only while a tab is active, so a page
	 * opened after a while sends an expired one. Such a request is a signed-out one, not
	 * an attack: it goes on as anonymous, and a protected endpoint then answers with the
	 * reason.
	 */
	private static boolean isStaleCookie(HttpServletRequest request, ClerkAuthenticationException rejection) {
		return request.getAttribute(TokenSource.ATTRIBUTE) == TokenSource.COOKIE
				&& (TokenRejectionReason.EXPIRED.code().equals(rejection.getCode())
						|| TokenRejectionReason.NOT_ACTIVE_YET.code().equals(rejection.getCode()));
	}

	/**
	 * Answers a failure of a service that authentication needs: 503 with
	 * {@code Retry-After}, whatever the policy for refused tokens, since the request
	 * could be neither authenticated nor refused.
	 */
	private static void serviceUnavailable(HttpServletResponse response, AuthenticationServiceException failure)
			throws IOException {
		String code = (failure instanceof ClerkServiceUnavailableException clerk) ? clerk.getCode()
				: "service-unavailable";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", "service_unavailable");
		body.put("reason", code);
		body.put("message", (failure instanceof ClerkServiceUnavailableException) ? failure.getMessage()
				: "Authentication is unavailable; try again shortly");
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(JsonMapper.shared().writeValueAsString(body));
		response.flushBuffer();
	}

}
