package dev.clerkusers.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.clerkusers.mirror.Outages;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes verified events: stores each in the {@link ClerkWebhookInbox} (committed
 * before processing, so no event is lost), then, in one transaction holding the event's
 * row lock, runs the {@link ClerkWebhookHandler}s that support its type and marks it
 * processed.
 * <ul>
 * <li>An event processed (or ignored) before is a duplicate: nothing runs, on any
 * instance.</li>
 * <li>Two deliveries of one event at the same time: the second waits for the first's
 * lock, then sees a duplicate.</li>
 * <li>A handler failure rolls the transaction back, and the failure is recorded on the
 * event in a transaction of its own; the delivery is answered 500 so that Svix retries,
 * and the retry processes it exactly once.</li>
 * <li>Failed events can be processed again on demand: {@link #reprocess(String)},
 * {@link #reprocessFailed()}.</li>
 * </ul>
 */
public class ClerkWebhookProcessor {

	private static final Log logger = LogFactory.getLog(ClerkWebhookProcessor.class);

	private final ClerkWebhookInbox inbox;

	private final List<ClerkWebhookHandler> handlers;

	private final TransactionTemplate transaction;

	private final TransactionTemplate separateTransaction;

	private boolean storeUnhandledPayloads;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private ObservationConvention<ClerkWebhookObservationContext> observationConvention = new ClerkWebhookObservationConvention();

	/**
	 * Creates a processor.
	 * @param inbox the inbox
	 * @param handlers the handlers, in order
	 * @param transactionManager the transaction manager of the database
	 */
	public ClerkWebhookProcessor(ClerkWebhookInbox inbox, List<ClerkWebhookHandler> handlers,
			PlatformTransactionManager transactionManager) {
		this.inbox = inbox;
		this.handlers = List.copyOf(handlers);
		this.transaction = new TransactionTemplate(transactionManager);
		this.separateTransaction = new TransactionTemplate(transactionManager);
		this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Sets whether the data of events that no handler consumes is kept. By default only
	 * their envelope is: {@code email.*} and {@code sms.*} events carry one-time codes
	 * and sign-in links.
	 * @param storeUnhandledPayloads whether to keep it
	 */
	public void setStoreUnhandledPayloads(boolean storeUnhandledPayloads) {
		this.storeUnhandledPayloads = storeUnhandledPayloads;
	}

	/**
	 * Observes each processing as {@code clerk.webhook.processing} (default: no
	 * observation, at no cost).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets the names and tags of the observations (default:
	 * {@link ClerkWebhookObservationConvention}).
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(ObservationConvention<ClerkWebhookObservationContext> observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Stores and processes a verified event.
	 * @param event the event
	 * @return what was done
	 */
	public WebhookResult process(ClerkWebhookEvent event) {
		return observe(event.type(), () -> store(event));
	}

	private WebhookResult store(ClerkWebhookEvent event) {
		boolean handled = this.handlers.stream().anyMatch((handler) -> handler.supports(event.type()));
		ClerkWebhookEvent stored = (handled || this.storeUnhandledPayloads) ? event : event.withoutData();
		try {
			this.separateTransaction.executeWithoutResult((status) -> this.inbox.store(stored));
		}
		catch (RuntimeException ex) {
			if (!Outages.isOutage(ex)) {
				throw ex;
			}
			logger.warn("Could not store Clerk webhook " + event.id() + " (" + event.type() + "): "
					+ ex.getClass().getSimpleName());
			return result(event, WebhookResult.Status.RETRY, describe(ex));
		}
		return attempt(event);
	}

	/**
	 * Keeps a verified delivery whose body is not a Clerk event (not JSON, or without a
	 * type or data) as failed, with its bytes as they came: visible, and reprocessable
	 * should a handler learn to read it.
	 * @param id the Svix message id
	 * @param body the body
	 * @param error why it is not an event
	 * @return a {@link WebhookResult.Status#FAILED} result
	 */
	public WebhookResult keepUnreadable(String id, byte[] body, String error) {
		logger.warn("Kept Clerk webhook " + id + " as failed: its body is not a Clerk event");
		this.separateTransaction.executeWithoutResult((status) -> this.inbox.storeUnreadable(id, body, error));
		return new WebhookResult(id, ClerkWebhookInbox.UNREADABLE, WebhookResult.Status.FAILED, error);
	}

	/**
	 * Processes a stored event again, unless it was processed since.
	 * @param id the Svix message id
	 * @return what was done
	 * @throws IllegalArgumentException when no such event is stored
	 */
	public WebhookResult reprocess(String id) {
		ClerkWebhookEvent event;
		try {
			event = this.inbox.load(id)
				.orElseThrow(() -> new IllegalArgumentException("No webhook event " + id + " is stored"));
		}
		catch (WebhookRejectedException ex) {
			this.separateTransaction.executeWithoutResult((status) -> this.inbox.fail(id, ex.getMessage()));
			return new WebhookResult(id, ClerkWebhookInbox.UNREADABLE, WebhookResult.Status.FAILED, ex.getMessage());
		}
		return attempt(event);
	}

	/**
	 * Processes every failed event again, oldest first.
	 * @return what was done with each
	 */
	public List<WebhookResult> reprocessFailed() {
		List<WebhookResult> results = new ArrayList<>();
		for (String id : this.inbox.failedIds()) {
			results.add(reprocess(id));
		}
		return results;
	}

	private WebhookResult attempt(ClerkWebhookEvent event) {
		try {
			return this.transaction.execute((status) -> {
				WebhookEventStatus state = this.inbox.lock(event.id())
					.orElseThrow(() -> new IllegalStateException("Webhook event " + event.id() + " is not stored"));
				if (state == WebhookEventStatus.PROCESSED || state == WebhookEventStatus.IGNORED) {
					return result(event, WebhookResult.Status.DUPLICATE, null);
				}
				List<ClerkWebhookHandler> matching = this.handlers.stream()
					.filter((handler) -> handler.supports(event.type()))
					.toList();
				if (matching.isEmpty()) {
					this.inbox.complete(event.id(), WebhookEventStatus.IGNORED);
					return result(event, WebhookResult.Status.IGNORED, null);
				}
				boolean stale = true;
				for (ClerkWebhookHandler handler : matching) {
					stale &= handler.apply(event) == ClerkWebhookHandler.Outcome.STALE;
				}
				this.inbox.complete(event.id(), WebhookEventStatus.PROCESSED);
				return result(event, stale ? WebhookResult.Status.STALE : WebhookResult.Status.PROCESSED, null);
			});
		}
		catch (RuntimeException ex) {
			String error = describe(ex);
			boolean outage = Outages.isOutage(ex);
			logger.warn("Processing Clerk webhook " + event.id() + " (" + event.type() + ") failed with "
					+ ex.getClass().getSimpleName()
					+ (outage ? " for an outage; Clerk will deliver it again" : "; kept as failed")
					+ " (the error is stored with the event)");
			if (logger.isDebugEnabled()) {
				logger.debug("Processing Clerk webhook " + event.id() + " failed: " + error, ex);
			}
			try {
				this.separateTransaction.executeWithoutResult((status) -> this.inbox.fail(event.id(), error));
			}
			catch (RuntimeException recording) {
				if (!Outages.isOutage(recording)) {
					throw recording;
				}
				logger.warn("Could not record the failure of Clerk webhook " + event.id() + ": "
						+ recording.getClass().getSimpleName());
			}
			return result(event, outage ? WebhookResult.Status.RETRY : WebhookResult.Status.FAILED, error);
		}
	}

	private WebhookResult observe(String eventType, Supplier<WebhookResult> processing) {
		if (this.observationRegistry.isNoop()) {
			return processing.get();
		}
		ClerkWebhookObservationContext context = new ClerkWebhookObservationContext(eventType);
		Observation observation = Observation
			.createNotStarted(this.observationConvention, () -> context, this.observationRegistry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			WebhookResult result = processing.get();
			context.setResult(result);
			return result;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static WebhookResult result(ClerkWebhookEvent event, WebhookResult.Status status, @Nullable String error) {
		return new WebhookResult(event.id(), event.type(), status, error);
	}

	private static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder(failure.getClass().getSimpleName());
		if (failure.getMessage() != null) {
			description.append(": ").append(failure.getMessage());
		}
		Throwable cause = failure.getCause();
		if (cause != null && cause != failure && cause.getMessage() != null) {
			description.append(" (").append(cause.getMessage()).append(')');
		}
		return (description.length() > 2000) ? description.substring(0, 2000) : description.toString();
	}

}
