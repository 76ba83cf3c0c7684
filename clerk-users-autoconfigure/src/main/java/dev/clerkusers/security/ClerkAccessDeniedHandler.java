package dev.clerkusers.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
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
		answer.headers().forEach(response::setHeader);
		response.setStatus(answer.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(answer.bodyJson());
	}

}
