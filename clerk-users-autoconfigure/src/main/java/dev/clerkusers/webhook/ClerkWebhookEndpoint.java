package dev.clerkusers.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The webhook endpoint ({@code POST clerk.webhook.path}). It reads the raw body bytes,
 * before any JSON binding, verifies the Svix signature over them, and hands the event to
 * the {@link ClerkWebhookProcessor}. Every answer is a small JSON object with a
 * {@code status} and, when refused, a {@code reason}:
 * <table>
 * <caption>Answers</caption>
 * <tr>
 * <th>Status</th>
 * <th>When</th>
 * </tr>
 * <tr>
 * <td>200</td>
 * <td>processed, duplicate, or ignored (a type no handler supports)</td>
 * </tr>
 * <tr>
 * <td>400</td>
 * <td>missing Svix headers, a body that is not JSON, no {@code type}, {@code data} not an
 * object</td>
 * </tr>
 * <tr>
 * <td>401</td>
 * <td>a signature that matches no secret, a timestamp more than 5 minutes away</td>
 * </tr>
 * <tr>
 * <td>405</td>
 * <td>any method but POST</td>
 * </tr>
 * <tr>
 * <td>413</td>
 * <td>a body over {@code clerk.webhook.max-body-size}</td>
 * </tr>
 * <tr>
 * <td>500</td>
 * <td>a handler failed: the event is kept with its error, and Svix retries</td>
 * </tr>
 * </table>
 */
public class ClerkWebhookEndpoint {

	private static final Log logger = LogFactory.getLog(ClerkWebhookEndpoint.class);

	private final SvixWebhookVerifier verifier;

	private final ClerkWebhookProcessor processor;

	private final long maxBodySize;

	/**
	 * Creates the endpoint.
	 * @param verifier verifies signatures
	 * @param processor processes verified events
	 * @param maxBodySize the largest body accepted, in bytes
	 */
	public ClerkWebhookEndpoint(SvixWebhookVerifier verifier, ClerkWebhookProcessor processor, long maxBodySize) {
		this.verifier = verifier;
		this.processor = processor;
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Answers a request to the webhook path.
	 * @param request the request
	 * @return the response
	 * @throws IOException when the body cannot be read
	 */
	public ServerResponse handle(ServerRequest request) throws IOException {
		if (!HttpMethod.POST.equals(request.method())) {
			return ServerResponse.status(405)
				.header(HttpHeaders.ALLOW, "POST")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body("rejected", "method-not-allowed", "Only POST is allowed"));
		}
		HttpServletRequest servletRequest = request.servletRequest();
		byte[] body = readBody(servletRequest);
		if (body == null) {
			return respond(413,
					body("rejected", "payload-too-large", "The body is larger than " + this.maxBodySize + " bytes"));
		}
		String id;
		try {
			id = this.verifier.verify(headers(servletRequest), body);
		}
		catch (WebhookRejectedException ex) {
			logger.debug("Refused a webhook delivery: " + ex.getReason() + " (" + ex.getMessage() + ")");
			return respond(ex.getStatus(), body("rejected", ex.getReason(), ex.getMessage()));
		}
		WebhookResult result;
		String reason;
		try {
			result = this.processor.process(ClerkWebhookEvents.parse(id, body));
			reason = "processing-failed";
		}
		catch (WebhookRejectedException ex) {
			result = this.processor.keepUnreadable(id, body, ex.getMessage());
			reason = ex.getReason();
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", result.status().name().toLowerCase(Locale.ROOT));
		answer.put("id", result.eventId());
		answer.put("type", result.type());
		boolean retry = result.status() == WebhookResult.Status.RETRY;
		if (retry || result.status() == WebhookResult.Status.FAILED) {
			// The reason only: the error itself (database text, addresses) stays in the
			// inbox, for the Actuator endpoint, and never goes back to Svix.
			answer.put("reason", retry ? "unavailable" : reason);
		}
		return respond(retry ? 503 : 200, answer);
	}

	private byte @Nullable [] readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodySize) {
			return null;
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBodySize + 1));
			return (body.length > this.maxBodySize) ? null : body;
		}
	}

	private static Map<String, String> headers(HttpServletRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name, request.getHeader(name));
		}
		return headers;
	}

	private static ServerResponse respond(int status, Map<String, Object> body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static Map<String, Object> body(String status, String reason, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("reason", reason);
		body.put("message", message);
		return body;
	}

}
