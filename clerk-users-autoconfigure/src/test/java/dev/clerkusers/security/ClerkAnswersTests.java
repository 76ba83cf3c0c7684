package dev.clerkusers.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet side's 401, 403 and 503 as WebFlux writes them: JSON in UTF-8, typed
 * {@code application/json} without a {@code charset} parameter (JSON has none).
 */
class ClerkAnswersTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/report");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	/**
	 * Black-box run 318 F2: the servlet answers were typed
	 * {@code application/json;charset=UTF-8}, the reactive ones {@code application/json}.
	 */
	@Test
	void the401IsJsonInUtf8TypedAsOnWebFlux() throws Exception {
		// As server.servlet.encoding.force-response sets it on every response.
		this.response.setCharacterEncoding("UTF-8");
		this.request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
		new ClerkAuthenticationEntryPoint().commence(this.request, this.response,
				new InsufficientAuthenticationException("none"));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Authentication is required\"}");
	}

	@Test
	void the403IsJsonTypedAsOnWebFlux() throws Exception {
		new ClerkAccessDeniedHandler().handle(this.request, this.response, new AccessDeniedException("denied"));
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.isEqualTo("{\"error\":\"forbidden\",\"message\":\"Access is denied\"}");
	}

	/**
	 * Review 324 R1: a 403 raised after the application took the response's writer (a
	 * view that began to render, then met a denied method) failed with an
	 * {@code IllegalStateException}, a 500, since a response gives its writer or its
	 * stream, not both. It is answered through the writer, the text written before
	 * dropped, and whatever the writer's encoding, every character outside ASCII escaped.
	 */
	@Test
	void anAnswerAfterTheWriterWasTakenIsWrittenThroughIt() throws Exception {
		this.response.setCharacterEncoding("ISO-8859-1");
		WriterOrStream response = new WriterOrStream(this.response);
		response.getWriter().write("partial ");
		ClerkAuthenticationFailureHandler.refusing(new ClerkAuthenticationEntryPoint())
			.onAuthenticationFailure(this.request, response,
					new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
							"Clerk's Backend API is unreachable — try again", new IllegalStateException("down")));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentAsString()).startsWith("{\"error\":\"service_unavailable\"")
			.contains("\"message\":\"Clerk's Backend API is unreachable \\u2014 try again\"");
	}

	/**
	 * An answer on a response already committed (the application's own call of the entry
	 * point after it flushed) is appended, as before, not refused by
	 * {@code resetBuffer()} with an {@code IllegalStateException}.
	 */
	@Test
	void anAnswerOnACommittedResponseIsAppended() throws Exception {
		WriterOrStream response = new WriterOrStream(this.response);
		response.getWriter().write("sent ");
		response.flushBuffer();
		new ClerkAccessDeniedHandler().handle(this.request, response, new AccessDeniedException("denied"));
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8)).startsWith("sent ")
			.endsWith("\"message\":\"Access is denied\"}");
	}

	@Test
	void the503KeepsAMessageOutsideAsciiInUtf8() throws Exception {
		ClerkAuthenticationFailureHandler.refusing(new ClerkAuthenticationEntryPoint())
			.onAuthenticationFailure(this.request, this.response,
					new ClerkServiceUnavailableException(ClerkServiceUnavailableException.BACKEND_API_UNAVAILABLE,
							"Clerk's Backend API is unreachable — try again", new IllegalStateException("down")));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8))
			.contains("\"message\":\"Clerk's Backend API is unreachable — try again\"");
	}

	/**
	 * A response that gives its writer or its stream, not both, as the Servlet
	 * specification has every container do (a mock response gives both).
	 */
	static final class WriterOrStream extends HttpServletResponseWrapper {

		private boolean writerTaken;

		WriterOrStream(HttpServletResponse response) {
			super(response);
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			this.writerTaken = true;
			return super.getWriter();
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.writerTaken) {
				throw new IllegalStateException("getWriter() has already been called for this response");
			}
			return super.getOutputStream();
		}

	}

}
