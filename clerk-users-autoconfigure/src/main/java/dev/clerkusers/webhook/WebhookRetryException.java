package dev.clerkusers.webhook;

import java.io.Serial;

/**
 * Thrown by a {@link ClerkWebhookHandler} that cannot apply an event now, for a cause
 * that passes: another service it needs answered that it is unavailable (a 503, a 429),
 * which, unlike a call that cannot connect or times out, the library cannot tell from a
 * failure on the event itself. The delivery is then handled as one that failed for an
 * outage: nothing of the event is committed, the failure is recorded with the event, and
 * the delivery is answered 503 ({@code retry}), so that Svix delivers it again. It counts
 * anywhere among the causes of what the handler throws. A reprocessing (the Actuator
 * endpoint's, {@code ClerkWebhookProcessor.reprocess}) that meets it answers
 * {@code retry} and leaves the event failed, to be reprocessed later or delivered again.
 * Thrown through a {@code @Transactional} method that takes part in the delivery's
 * transaction and caught by the handler, it has marked that transaction rollback-only:
 * the commit then fails ({@code UnexpectedRollbackException}) and keeps the event as
 * failed, not retried; let it reach the library. Any other exception of a handler keeps
 * the event as failed, for an operator to reprocess. <pre class="code">
 * try {
 *     crm.post().uri("/contacts").body(contact).retrieve().toBodilessEntity();
 * }
 * catch (HttpServerErrorException ex) {
 *     throw new WebhookRetryException("The CRM cannot take the contact now", ex);
 * }
 * </pre>
 */
public class WebhookRetryException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message why the event cannot be applied now
	 * @param cause the failure that tells it
	 */
	public WebhookRetryException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception without a cause.
	 * @param message why the event cannot be applied now
	 */
	public WebhookRetryException(String message) {
		super(message);
	}

}
