package dev.clerkusers.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers 401 to requests with a Clerk token that was refused, or without credentials
 * where the application expects a bearer token: {@code WWW-Authenticate: Bearer} (with
 * {@code error="invalid_token"} and the reason when a token was refused) and a small JSON
 * body, {@code {"error": "invalid_token", "reason": "token-expired", "message": "…"}}.
 */
public class ClerkAuthenticationEntryPoint implements AuthenticationEntryPoint {

	/**
	 * Request attribute holding the {@link ClerkAuthenticationException} of a refused
	 * token.
	 */
	public static final String REJECTION_ATTRIBUTE = ClerkAuthenticationEntryPoint.class.getName() + ".REJECTION";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ClerkAuthenticationException rejection = (authException instanceof ClerkAuthenticationException clerk) ? clerk
				: (request.getAttribute(REJECTION_ATTRIBUTE) instanceof ClerkAuthenticationException stored) ? stored
						: null;
		ClerkAuthenticationResponse answer = ClerkAuthenticationResponse.unauthorized(rejection);
		answer.headers().forEach(response::setHeader);
		response.setStatus(answer.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(answer.bodyJson());
	}

}
