package dev.clerkusers.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the webhook endpoint answers, the same on every web stack (servlet and reactive):
 * it verifies the Svix signature over the raw body bytes, hands the event to the
 * {@link ClerkWebhookProcessor} and says what became of it. The endpoints only read the
 * request (method, headers, body within its size limit) and write the answer. Receiving
 * blocks (the inbox is in the database): a reactive endpoint calls it on a bounded
 * scheduler.
 */
public final class ClerkWebhookReceiver {

	private static final Log logger = LogFactory.getLog(ClerkWebhookReceiver.class);

	private final SvixWebhookVerifier verifier;

	private final ClerkWebhookProcessor processor;

	private final long maxBodySize;

	/**
	 * Creates a receiver.
	 * @param verifier verifies signatures
	 * @param processor processes verified events
	 * @param maxBodySize the largest body accepted, in bytes
	 */
	public ClerkWebhookReceiver(SvixWebhookVerifier verifier, ClerkWebhookProcessor processor, long maxBodySize) {
		this.verifier = verifier;
		this.processor = processor;
		this.maxBodySize = maxBodySize;
	}

	/**
	 * The largest body accepted, in bytes; a larger one is answered
	 * {@link #payloadTooLarge()}.
	 * @return the size
	 */
	public long getMaxBodySize() {
		return this.maxBodySize;
	}

	/**
	 * Receives a delivery: verifies it, processes it and says what became of it.
	 * @param headers the request's headers (the Svix ones are read)
	 * @param body the raw body
	 * @return the answer
	 */
	public Answer receive(Map<String, String> headers, byte[] body) {
		String id;
		try {
			id = this.verifier.verify(headers, body);
		}
		catch (WebhookRejectedException ex) {
			logger.debug("Refused a webhook delivery: " + ex.getReason() + " (" + ex.getMessage() + ")");
			return new Answer(ex.getStatus(), body("rejected", ex.getReason(), ex.getMessage()));
		}
		WebhookResult result;
		String failureReason;
		try {
			try {
				result = this.processor.process(ClerkWebhookEvents.parse(id, body));
				failureReason = "processing-failed";
			}
			catch (WebhookRejectedException ex) {
				result = this.processor.keepUnreadable(id, body, ex.getMessage());
				failureReason = ex.getReason();
			}
		}
		catch (RuntimeException | Error ex) {
			// Neither processed nor recorded: answered here, so that no error page (which
			// an application's filter chain may refuse) answers it, and Clerk delivers it
			// again.
			// The event id is enough: neither the error's text (database details) nor its
			// stack trace, unless debug logging asks for them.
			logger.error("Could not process or record Clerk webhook " + id + " (" + ex.getClass().getSimpleName()
					+ "); answered 500 for Clerk to deliver it again");
			if (logger.isDebugEnabled()) {
				logger.debug("Clerk webhook " + id + " could not be processed or recorded", ex);
			}
			Map<String, @Nullable Object> answer = new LinkedHashMap<>();
			answer.put("status", "retry");
			answer.put("id", id);
			answer.put("reason", "internal-error");
			return new Answer(500, answer);
		}
		Map<String, @Nullable Object> answer = new LinkedHashMap<>();
		answer.put("status", result.status().getCode());
		answer.put("id", result.eventId());
		answer.put("type", result.type());
		// The reason only: a failure's error itself (database text, addresses) stays in
		// the inbox, for the Actuator endpoint, and never goes back to Svix.
		answer.put("reason", reason(result.status(), failureReason));
		return new Answer((result.status() == WebhookResult.Status.RETRY) ? 503 : 200, answer);
	}

	/**
	 * Why a verified event was answered as it was.
	 * @param status what was done with it
	 * @param failure why it failed, when it did
	 */
	private static String reason(WebhookResult.Status status, String failure) {
		return switch (status) {
			case PROCESSED -> "applied";
			case STALE -> "older-than-stored";
			case DUPLICATE -> "already-received";
			case IGNORED -> "no-handler";
			case FAILED -> failure;
			case RETRY -> "unavailable";
		};
	}

	/**
	 * The answer to any method but POST (405; the endpoint adds {@code Allow: POST}).
	 * @return the answer
	 */
	public static Answer methodNotAllowed() {
		return new Answer(405, body("rejected", "method-not-allowed", "Only POST is allowed"));
	}

	/**
	 * The answer to a body over the size limit (413).
	 * @return the answer
	 */
	public Answer payloadTooLarge() {
		return new Answer(413,
				body("rejected", "payload-too-large", "The body is larger than " + this.maxBodySize + " bytes"));
	}

	private static Map<String, @Nullable Object> body(String status, String reason, String message) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("reason", reason);
		body.put("message", message);
		return body;
	}

	/**
	 * An answer of the webhook endpoint.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body
	 */
	public record Answer(int status, Map<String, @Nullable Object> body) {

	}

}
