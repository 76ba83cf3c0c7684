package dev.clerkusers.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers 403 to a request authenticated with a Clerk token that is not allowed what it
 * asks for: {@code WWW-Authenticate: Bearer error="insufficient_scope"} and
 * {@code {"error": "forbidden", …}}.
 */
public class ClerkAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		ClerkAuthenticationResponse answer = ClerkAuthenticationResponse.forbidden();
		ClerkAuthenticationEntryPoint.write(response, answer);
	}

}
