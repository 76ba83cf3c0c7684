package dev.clerkusers.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The webhook endpoint ({@code POST clerk.webhook.path}). It reads the raw body bytes,
 * before any JSON binding, and hands them to the {@link ClerkWebhookReceiver}, which
 * verifies the Svix signature over them and has the {@link ClerkWebhookProcessor} process
 * the event. Every answer is a small JSON object: a refused delivery has a {@code status}
 * ({@code rejected}), a {@code reason} and a {@code message}; a verified one has a
 * {@code status}, the event's {@code id} and {@code type}, and a {@code reason}
 * ({@code applied}, {@code older-than-stored}, {@code already-received},
 * {@code no-handler}, or why it failed or is to be retried):
 * <table>
 * <caption>Answers</caption>
 * <tr>
 * <th>Status</th>
 * <th>When</th>
 * </tr>
 * <tr>
 * <td>200</td>
 * <td>{@code processed}, {@code stale} (older than the data stored: nothing changed),
 * {@code duplicate}, or {@code ignored} (a type no handler supports)</td>
 * </tr>
 * <tr>
 * <td>200</td>
 * <td>{@code failed}: the event cannot be applied as it is (reason
 * {@code processing-failed}: bad data, or a handler that fails on it), or a signed body
 * is not a Clerk event (reason {@code invalid-json}, {@code invalid-event},
 * {@code missing-type}, {@code invalid-data}, {@code invalid-type}, or
 * {@code invalid-timestamp} for the event's own {@code timestamp} field, where the 400 of
 * that name is the header's); nothing of it is applied, and the event is kept as failed
 * with its error, to be reprocessed, as Svix's redeliveries would fail the same way</td>
 * </tr>
 * <tr>
 * <td>400</td>
 * <td>missing Svix headers ({@code missing-headers}), a timestamp header that is not a
 * number ({@code invalid-timestamp}), an id the inbox cannot keep ({@code invalid-id}), a
 * body that is not UTF-8 ({@code invalid-body})</td>
 * </tr>
 * <tr>
 * <td>401</td>
 * <td>a signature that matches no secret ({@code invalid-signature}), a timestamp more
 * than 5 minutes away ({@code timestamp-out-of-tolerance})</td>
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
 * <td>503</td>
 * <td>{@code retry} (reason {@code unavailable}): an outage of the database, or of Clerk
 * in a handler, stopped the processing, nothing committed, and Svix delivers the event
 * again</td>
 * </tr>
 * <tr>
 * <td>500</td>
 * <td>{@code retry} (reason {@code internal-error}): an unexpected failure kept the event
 * from being processed and from being recorded as failed; Svix delivers it again</td>
 * </tr>
 * </table>
 */
public class ClerkWebhookEndpoint {

	private final ClerkWebhookReceiver receiver;

	/**
	 * Creates the endpoint.
	 * @param verifier verifies signatures
	 * @param processor processes verified events
	 * @param maxBodySize the largest body accepted, in bytes
	 */
	public ClerkWebhookEndpoint(SvixWebhookVerifier verifier, ClerkWebhookProcessor processor, long maxBodySize) {
		this(new ClerkWebhookReceiver(verifier, processor, maxBodySize));
	}

	/**
	 * Creates the endpoint.
	 * @param receiver verifies, processes and answers deliveries
	 */
	public ClerkWebhookEndpoint(ClerkWebhookReceiver receiver) {
		this.receiver = receiver;
	}

	/**
	 * Answers a request to the webhook path.
	 * @param request the request
	 * @return the response
	 * @throws IOException when the body cannot be read
	 */
	public ServerResponse handle(ServerRequest request) throws IOException {
		request.servletRequest().setAttribute(DeliveryRequestFilter.ANSWERED_ATTRIBUTE, Boolean.TRUE);
		if (!HttpMethod.POST.equals(request.method())) {
			ClerkWebhookReceiver.Answer answer = ClerkWebhookReceiver.methodNotAllowed();
			return ServerResponse.status(answer.status())
				.header(HttpHeaders.ALLOW, "POST")
				.contentType(MediaType.APPLICATION_JSON)
				.body(answer.body());
		}
		HttpServletRequest servletRequest = request.servletRequest();
		byte[] body = readBody(servletRequest);
		ClerkWebhookReceiver.Answer answer = (body != null) ? this.receiver.receive(headers(servletRequest), body)
				: this.receiver.payloadTooLarge();
		return ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
	}

	private byte @Nullable [] readBody(HttpServletRequest request) throws IOException {
		long maxBodySize = this.receiver.getMaxBodySize();
		if (request.getContentLengthLong() > maxBodySize) {
			return null;
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
			return (body.length > maxBodySize) ? null : body;
		}
	}

	private static Map<String, String> headers(HttpServletRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name, request.getHeader(name));
		}
		return headers;
	}

}
