package dev.clerkusers.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import dev.clerkusers.security.ClerkAuthenticationResponse.UnusedSessionCookie;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

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
 * <p>
 * The error dispatch of a request that failed before it was authenticated (an exception
 * of the application's own rules or authorities mapper, say) is anonymous, and a chain
 * that does not permit the error page sends it here when the request carried a Clerk
 * token, in its header or Clerk's session cookie, rather than to a login page: it is
 * answered with the error's own status and reason phrase, never with a 401 or a redirect
 * that would sign its user out, and without the error's details.
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
		HttpStatus error = failedStatus(request);
		ClerkAuthenticationResponse answer = (error != null) ? ClerkAuthenticationResponse.failed(error)
				: ClerkAuthenticationResponse.unauthorized(rejection(request, authException),
						Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)),
						(request.getAttribute(
								ClerkAuthenticationResponse.UNUSED_SESSION_COOKIE_ATTRIBUTE) instanceof UnusedSessionCookie unused)
										? unused : null);
		write(response, answer);
	}

	/**
	 * Writes an answer to a response, as WebFlux's side writes it: JSON in UTF-8, typed
	 * {@code application/json} (JSON has no {@code charset} parameter, so one a filter
	 * set, such as {@code server.servlet.encoding.force-response}, is dropped). On a
	 * response not committed, what was written before is dropped; on one committed, the
	 * body is appended, and its status and headers stay as they were sent. When the
	 * application took the response's writer before (a view that began to render), the
	 * answer goes through it, every character outside ASCII escaped, and the type keeps
	 * the writer's {@code charset}, which can no longer change.
	 * @param response the response
	 * @param answer the answer
	 * @throws IOException when it cannot be written
	 */
	static void write(HttpServletResponse response, ClerkAuthenticationResponse answer) throws IOException {
		if (!response.isCommitted()) {
			response.resetBuffer();
		}
		answer.headers().forEach(response::setHeader);
		response.setStatus(answer.status().value());
		String json = answer.bodyJson();
		ServletOutputStream out;
		try {
			out = response.getOutputStream();
		}
		catch (IllegalStateException writerTaken) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLengthLong(-1);
			response.getWriter().write(ascii(json));
			return;
		}
		response.setCharacterEncoding((String) null);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		out.write(body);
	}

	/**
	 * JSON text with every character outside ASCII written as JSON's six-character
	 * escape.
	 */
	private static String ascii(String json) {
		StringBuilder escaped = new StringBuilder(json.length());
		json.chars()
			.forEach((c) -> escaped.append((c < 0x80) ? String.valueOf((char) c) : String.format("\\u%04x", c)));
		return escaped.toString();
	}

	private static @Nullable ClerkAuthenticationException rejection(HttpServletRequest request,
			AuthenticationException authException) {
		return (authException instanceof ClerkAuthenticationException clerk) ? clerk
				: (request.getAttribute(REJECTION_ATTRIBUTE) instanceof ClerkAuthenticationException stored) ? stored
						: null;
	}

	/**
	 * Whether a request is the error dispatch of a failure of a request that carried a
	 * Clerk token (in its {@code Authorization} header or Clerk's session cookie). A
	 * chain sends it here whatever else it would send it to (a form login's page, say): a
	 * server problem is not a sign-out.
	 * @param request the request
	 * @return {@code true} when this entry point answers it with the error's status
	 */
	static boolean isFailedDispatchOfAToken(HttpServletRequest request) {
		return request.getAttribute(TokenSource.ATTRIBUTE) != null && failedStatus(request) != null;
	}

	/**
	 * The status of the failure whose error dispatch this is, unless it is none or a 401.
	 */
	private static @Nullable HttpStatus failedStatus(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.ERROR
				|| !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) || code < 400
				|| code == HttpStatus.UNAUTHORIZED.value()) {
			return null;
		}
		HttpStatus status = HttpStatus.resolve(code);
		return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
