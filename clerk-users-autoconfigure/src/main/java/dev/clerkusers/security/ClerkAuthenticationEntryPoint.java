package dev.clerkusers.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
		Map<String, Object> body = new LinkedHashMap<>();
		if (rejection != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"" + rejection.getCode() + "\"");
			body.put("error", "invalid_token");
			body.put("reason", rejection.getCode());
			body.put("message", rejection.getMessage());
		}
		else {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			body.put("error", "unauthorized");
			body.put("message", "Authentication is required");
		}
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(JsonMapper.shared().writeValueAsString(body));
	}

}
