package dev.clerkusers.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.ClerkApiRetryBudget;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.mirror.QuietRollbackTransactionTemplate;
import dev.clerkusers.mirror.RecordHeldException;
import dev.clerkusers.user.DuplicateUserException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Processes verified events: in one transaction, stores each in the
 * {@link ClerkWebhookInbox} as processed and runs the {@link ClerkWebhookHandler}s that
 * support its type; the inbox row, the effects and the mark commit together. A failure
 * rolls all of it back and stores the event as failed in a transaction of its own, so
 * that no event is lost.
 * <ul>
 * <li>An event processed (or ignored) before is a duplicate: nothing runs, on any
 * instance.</li>
 * <li>Two deliveries of one event at the same time: the second waits for the first's
 * lock, then sees a duplicate.</li>
 * <li>A handler failure rolls the transaction back, and the failure is recorded on the
 * event in a transaction of its own. The event is kept as
 * {@link WebhookResult.Status#FAILED failed} (answered 200, as Svix's redeliveries would
 * fail the same way); for an outage of the database, of Clerk in a handler
 * ({@code ClerkApiException.isClerkOutage}, a rate limit longer than the
 * {@linkplain #setApiRetryBudget API retry budget} among them) or of the network in a
 * handler (a call to another service that cannot connect or times out), the result is
 * {@link WebhookResult.Status#RETRY retry} (answered 503) so that Svix retries, and the
 * retry processes it exactly once. A race lost to another writer (a unique key, a
 * deadlock, a row changed meanwhile) is first tried once more in a new transaction,
 * handlers included; a conflict lost again is a retry too.</li>
 * <li>With a {@link WebhookInstanceRecorder}, the first delivery that names its Clerk
 * instance records it, in its transaction, while none is recorded.</li>
 * <li>Failed events can be processed again on demand: {@link #reprocess(String)},
 * {@link #reprocessFailed()}.</li>
 * </ul>
 */
public class ClerkWebhookProcessor {

	private static final Log logger = LogFactory.getLog(ClerkWebhookProcessor.class);

	/**
	 * Why an event was left as it was when its lock or a connection could not be had in
	 * time: said the same for a delivery, a reprocessing and a dismissal.
	 */
	private static final String HELD_OR_UNAVAILABLE = "A delivery of this event holds it, or the database cannot serve"
			+ " now; nothing changed, try again shortly";

	/**
	 * The {@linkplain DuplicateUserException#getField() fields} of the users table's
	 * unique values.
	 */
	private static final Set<String> UNIQUE_USER_FIELDS = Set.of("email", "username", "clerk_id");

	private final ClerkWebhookInbox inbox;

	private final List<ClerkWebhookHandler> handlers;

	private final TransactionTemplate transaction;

	private final TransactionTemplate separateTransaction;

	private boolean storeUnhandledPayloads;

	private Duration apiRetryBudget = Duration.ofSeconds(1);

	private @Nullable WebhookInstanceRecorder instanceRecorder;

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
		this.transaction = new QuietRollbackTransactionTemplate(transactionManager);
		this.separateTransaction = new QuietRollbackTransactionTemplate(transactionManager);
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
	 * Sets how long the Backend API calls of an event's processing, its handlers'
	 * included, wait for Clerk's rate limit at most in all (default: 1 second), for a
	 * delivery and for each event of a reprocessing: Svix gives an attempt about 15
	 * seconds, an operator waits for the answer too, and the calls wait inside the
	 * event's transaction. A 429 asking for longer fails the call at once: a delivery is
	 * answered 503 for Svix to deliver it again, a reprocessing {@code retry}. Calls made
	 * on another thread than the processing's are not bounded by it. See
	 * {@link ClerkApiRetryBudget}.
	 * @param apiRetryBudget the longest total wait of an event's calls
	 */
	public void setApiRetryBudget(Duration apiRetryBudget) {
		Assert.isTrue(!apiRetryBudget.isNegative(), "The budget must not be negative");
		this.apiRetryBudget = apiRetryBudget;
	}

	/**
	 * Records the Clerk instance of the stored data from the first delivery, in its
	 * transaction, while none is recorded (default: none is recorded by deliveries).
	 * @param instanceRecorder the recorder
	 */
	public void setInstanceRecorder(WebhookInstanceRecorder instanceRecorder) {
		this.instanceRecorder = instanceRecorder;
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
	 * Stores and processes a verified event, in one transaction: its inbox row, the
	 * handlers' effects and its processed mark commit together. Should it fail, the
	 * failure is recorded with the event in a transaction of its own.
	 * @param event the event
	 * @return what was done
	 */
	public WebhookResult process(ClerkWebhookEvent event) {
		return observe(event.type(), () -> ClerkApiRetryBudget.within(this.apiRetryBudget, () -> store(event)));
	}

	private WebhookResult store(ClerkWebhookEvent event) {
		List<ClerkWebhookHandler> matching;
		try {
			matching = matching(event);
		}
		catch (RuntimeException | Error ex) {
			if (isDone(event.id())) {
				// A redelivery of an event processed before runs nothing, its handlers'
				// supports neither.
				return result(event, WebhookResult.Status.DUPLICATE, null);
			}
			// A handler that cannot say whether it takes the event fails it as one that
			// throws on it does: kept as failed, whole, for a reprocessing.
			return failed(event, ex, (error) -> this.inbox.storeFailed(event, error), true);
		}
		ClerkWebhookEvent stored = (!matching.isEmpty() || this.storeUnhandledPayloads) ? event : event.withoutData();
		return applyOrFail(event, () -> storeInTransaction(event, stored, matching),
				(error) -> this.inbox.storeFailed(stored, error), true);
	}

	/**
	 * Applies an event in a transaction of its own, or records its failure. A race lost
	 * to another writer (a unique key, such as a local account of the same address
	 * committed while this insert waited for it; a user's row changed under this
	 * transaction, or a deadlock, as two users exchanging their addresses at once meet)
	 * is tried once more, in a new transaction whose handlers see the other writer's row,
	 * as a delivery a moment later would; not inside a caller's transaction, which the
	 * failure has aborted. An {@code Error} a handler throws (an assertion, a class that
	 * cannot be loaded, a recursion too deep) fails the event as an exception does: the
	 * transaction was rolled back all the same.
	 */
	private WebhookResult applyOrFail(ClerkWebhookEvent event, Supplier<WebhookResult> apply,
			Consumer<String> recordFailure, boolean delivery) {
		try {
			return apply.get();
		}
		catch (RuntimeException | Error ex) {
			if (!isLostRace(ex) || TransactionSynchronizationManager.isActualTransactionActive()) {
				return failed(event, ex, recordFailure, delivery);
			}
			logger.debug("Processing Clerk webhook " + event.id() + " lost a race to another writer; trying it again");
			try {
				return apply.get();
			}
			catch (RuntimeException | Error again) {
				return failed(event, again, recordFailure, delivery);
			}
		}
	}

	/**
	 * A unique violation, or a {@linkplain #isConflict conflict}. Lost again, a unique
	 * violation may be bad data (a handler's insert of a key the application holds
	 * already); a conflict never is.
	 */
	private static boolean isLostRace(Throwable failure) {
		return isConflict(failure) || Outages.isUniqueViolation(failure);
	}

	/**
	 * A conflict with a concurrent writer, which the same work resolves once that writer
	 * is done: a deadlock or a serialization failure, or a {@link DuplicateUserException}
	 * on a unique value of the users table (an email, a username, a Clerk id), with or
	 * without the database's violation beneath it: the library's rules decide who holds
	 * each such value before writing it, so a violation means a row that another writer
	 * changed, or a value it took, under this transaction. One that wraps another
	 * integrity violation (a value too long, say) is bad data.
	 */
	private static boolean isConflict(Throwable failure) {
		return Outages.isConflict(failure)
				|| Outages.anyCause(failure, (cause) -> cause instanceof DuplicateUserException duplicate
						&& (duplicate.getCause() == null || UNIQUE_USER_FIELDS.contains(duplicate.getField())));
	}

	private WebhookResult storeInTransaction(ClerkWebhookEvent event, ClerkWebhookEvent stored,
			List<ClerkWebhookHandler> matching) {
		return this.transaction.execute((status) -> {
			WebhookResult result = storeAndApply(event, stored, matching);
			if (this.instanceRecorder != null) {
				// Last: the row it may insert is locked only until the commit.
				this.instanceRecorder.record(event);
			}
			return result;
		});
	}

	private WebhookResult storeAndApply(ClerkWebhookEvent event, ClerkWebhookEvent stored,
			List<ClerkWebhookHandler> matching) {
		WebhookEventStatus done = matching.isEmpty() ? WebhookEventStatus.IGNORED : WebhookEventStatus.PROCESSED;
		if (!this.inbox.storeDone(stored, done)) {
			// Stored before: a duplicate, or a delivery again of a failed event.
			return applyStored(event, stored, matching);
		}
		return result(event, matching.isEmpty() ? WebhookResult.Status.IGNORED : apply(event, matching), null);
	}

	/**
	 * Keeps a verified delivery whose body is not a Clerk event (not JSON, or without a
	 * type or data) as failed, with its bytes as they came: visible, and reprocessable
	 * should a handler learn to read it.
	 * @param id the Svix message id
	 * @param body the body
	 * @param error why it is not an event
	 * @return a {@link WebhookResult.Status#FAILED} result, a
	 * {@link WebhookResult.Status#DUPLICATE duplicate} when an event with its id is
	 * stored already and was processed or dismissed (one kept as failed is answered
	 * failed again), or a {@link WebhookResult.Status#RETRY retry} when an outage of the
	 * database kept it from being stored
	 */
	public WebhookResult keepUnreadable(String id, byte[] body, String error) {
		return observe(ClerkWebhookInbox.UNREADABLE, () -> {
			AtomicBoolean stored = new AtomicBoolean();
			AtomicReference<@Nullable WebhookEventStatus> existing = new AtomicReference<>();
			if (!recordedDespiteOutage(id, () -> {
				stored.set(this.inbox.storeUnreadable(id, body, error));
				if (!stored.get()) {
					existing.set(this.inbox.find(id).map(StoredWebhookEvent::status).orElse(null));
				}
			})) {
				return new WebhookResult(id, ClerkWebhookInbox.UNREADABLE, WebhookResult.Status.RETRY, error);
			}
			if (!stored.get()) {
				// An event with this id is stored already (as a readable event, or kept
				// as this one): nothing runs, and it stays as it is. Processed (or
				// dismissed), it is a duplicate; still failed, it failed again.
				WebhookResult.Status status = (existing.get() == WebhookEventStatus.FAILED)
						? WebhookResult.Status.FAILED : WebhookResult.Status.DUPLICATE;
				return new WebhookResult(id, ClerkWebhookInbox.UNREADABLE, status,
						(status == WebhookResult.Status.FAILED) ? error : null);
			}
			logger.warn("Kept Clerk webhook " + id + " as failed: its body is not a Clerk event");
			return new WebhookResult(id, ClerkWebhookInbox.UNREADABLE, WebhookResult.Status.FAILED, error);
		});
	}

	/**
	 * Processes a stored event again, unless it was processed since.
	 * @param id the Svix message id
	 * @return what was done
	 * @throws IllegalArgumentException when no such event is stored (also while its first
	 * delivery is being processed: it is stored when that commits)
	 */
	public WebhookResult reprocess(String id) {
		return reprocessStored(id).orElseThrow(() -> notStored(id));
	}

	/**
	 * Processes a stored event again, or answers empty when none is stored under the id.
	 */
	private Optional<WebhookResult> reprocessStored(String id) {
		Optional<ClerkWebhookEvent> event;
		try {
			event = this.inbox.load(id);
		}
		catch (WebhookRejectedException ex) {
			return Optional.of(failUnreadable(id, ex.getMessage()));
		}
		return event.map(this::attempt);
	}

	/**
	 * Records an attempt of an event that is still no Clerk event, as a reprocessing of
	 * one would end: failed again, a duplicate once it was dismissed or processed, and a
	 * retry when a delivery of it held it past the lock timeout or the database could not
	 * serve (nothing changed).
	 */
	private WebhookResult failUnreadable(String id, String error) {
		return changeUnapplied(id, ClerkWebhookInbox.UNREADABLE, () -> this.inbox.fail(id, error),
				WebhookResult.Status.FAILED, error);
	}

	/**
	 * Dismisses an event whose effect was never applied (one that fails for good, say),
	 * on an operator's decision: it is marked ignored, leaves the backlog (and the health
	 * check's count), and the retention deletes it in its time. An event processed or
	 * ignored before is left as it is.
	 * @param id the Svix message id
	 * @return {@link WebhookResult.Status#IGNORED} when it was dismissed now,
	 * {@link WebhookResult.Status#DUPLICATE} when it was done before,
	 * {@link WebhookResult.Status#RETRY} when a delivery of it held it past the lock
	 * timeout, or the database could not serve (nothing changed; try again)
	 * @throws IllegalArgumentException when no such event is stored (also while its first
	 * delivery is being processed: it is stored when that commits)
	 */
	public WebhookResult dismiss(String id) {
		StoredWebhookEvent stored = this.inbox.find(id).orElseThrow(() -> notStored(id));
		WebhookResult result = changeUnapplied(id, stored.type(), () -> this.inbox.dismiss(id),
				WebhookResult.Status.IGNORED, null);
		if (result.status() == WebhookResult.Status.IGNORED) {
			logger.info("Dismissed Clerk webhook " + id + " (" + stored.type() + "): marked ignored");
		}
		return result;
	}

	/**
	 * Changes an event whose effect was never applied, in a transaction of its own, as an
	 * operator asked: the status asked for when it changed it, a duplicate when the event
	 * was done since, and a retry when a delivery of it held it past the lock timeout or
	 * the database could not serve (nothing changed).
	 */
	private WebhookResult changeUnapplied(String id, String type, Supplier<Boolean> change,
			WebhookResult.Status changed, @Nullable String error) {
		Boolean done;
		try {
			done = this.separateTransaction.execute((status) -> change.get());
		}
		catch (RuntimeException ex) {
			if (!Outages.isUnavailable(ex)) {
				throw ex;
			}
			return new WebhookResult(id, type, WebhookResult.Status.RETRY, HELD_OR_UNAVAILABLE);
		}
		return Boolean.TRUE.equals(done) ? new WebhookResult(id, type, changed, error)
				: new WebhookResult(id, type, WebhookResult.Status.DUPLICATE, null);
	}

	/**
	 * An id with no event in the inbox: mistyped, or the id of an event whose first
	 * delivery is still being processed, which is stored only when it commits.
	 */
	private static IllegalArgumentException notStored(String id) {
		return new IllegalArgumentException("No webhook event " + id + " is stored (a mistyped id, or an event whose"
				+ " first delivery is still being processed: try again shortly)");
	}

	/**
	 * Processes every failed event again, oldest first. One deleted meanwhile (dismissed,
	 * then deleted by the retention) is passed over.
	 * @return what was done with each
	 */
	public List<WebhookResult> reprocessFailed() {
		List<WebhookResult> results = new ArrayList<>();
		for (String id : this.inbox.failedIds()) {
			reprocessStored(id).ifPresent(results::add);
		}
		return results;
	}

	private WebhookResult attempt(ClerkWebhookEvent event) {
		return ClerkApiRetryBudget.within(this.apiRetryBudget,
				() -> applyOrFail(event,
						() -> this.transaction.execute((status) -> applyStored(event, event, matching(event))),
						(error) -> this.inbox.fail(event.id(), error), false));
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
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Applies a stored event, holding its row lock, unless it was processed or ignored,
	 * and records it as {@code stored}.
	 */
	private WebhookResult applyStored(ClerkWebhookEvent event, ClerkWebhookEvent stored,
			List<ClerkWebhookHandler> matching) {
		WebhookEventStatus state = this.inbox.lock(event.id())
			.orElseThrow(() -> new IllegalStateException("Webhook event " + event.id() + " is not stored"));
		if (state == WebhookEventStatus.PROCESSED || state == WebhookEventStatus.IGNORED) {
			return result(event, WebhookResult.Status.DUPLICATE, null);
		}
		if (matching.isEmpty()) {
			// Reprocessed without a handler now, an event kept whole (its handler failed
			// in supports) keeps only its envelope, as a delivery of it would.
			this.inbox.complete(this.storeUnhandledPayloads ? stored : stored.withoutData(),
					WebhookEventStatus.IGNORED);
			return result(event, WebhookResult.Status.IGNORED, null);
		}
		WebhookResult.Status applied = apply(event, matching);
		this.inbox.complete(stored, WebhookEventStatus.PROCESSED);
		return result(event, applied, null);
	}

	/**
	 * Runs the handlers: {@link WebhookResult.Status#STALE} when every one found the
	 * event older than the data stored, otherwise {@link WebhookResult.Status#PROCESSED}.
	 */
	private static WebhookResult.Status apply(ClerkWebhookEvent event, List<ClerkWebhookHandler> matching) {
		boolean stale = true;
		for (ClerkWebhookHandler handler : matching) {
			stale &= handler.apply(event) == ClerkWebhookHandler.Outcome.STALE;
		}
		return stale ? WebhookResult.Status.STALE : WebhookResult.Status.PROCESSED;
	}

	/**
	 * Records a failed attempt in a transaction of its own, and logs it as it was
	 * recorded: a delivery's retry is Clerk's to make, a reprocessing's the operator's.
	 */
	private WebhookResult failed(ClerkWebhookEvent event, Throwable ex, Consumer<String> record, boolean delivery) {
		String error = describe(ex);
		// A conflict lost even on the attempt made at once: the other writer is still
		// at it, and Svix's next attempt, seconds later, finds it done.
		boolean conflict = isConflict(ex);
		boolean outage = !conflict && (Outages.isOutage(ex) || Outages.isUnavailable(ex)
				|| ClerkApiException.isClerkOutage(ex) || Outages.isNetworkFailure(ex) || Outages.isInterruption(ex)
				|| Outages.anyCause(ex, WebhookRetryException.class::isInstance));
		// No connection, or another delivery of this event holding its row: recording it
		// would wait as long again, and fail the same way. Nothing is stored then, and
		// Clerk delivers it again. A row held elsewhere (a user's, by another writer)
		// leaves the event's own free: the failure is kept, and shown, until then.
		boolean unavailable = Outages.isUnavailable(ex);
		boolean eventHeld = RecordHeldException.heldKey(ex).filter(event.id()::equals).isPresent();
		boolean recordable = !eventHeld && (!unavailable || Outages.isLockNotAvailable(ex));
		boolean recorded = recordable && recordedDespiteOutage(event.id(), () -> record.accept(error));
		// A failure that could not be recorded is answered so that Clerk delivers it
		// again: a 2xx would lose it.
		boolean retry = outage || conflict || !recorded;
		logger.warn("Processing Clerk webhook " + event.id() + " (" + event.type() + ") failed with "
				+ ex.getClass().getSimpleName()
				+ (outage ? " for an outage" : conflict ? " for a conflict with a concurrent writer" : "")
				+ (!retry ? "; kept as failed"
						: delivery ? "; Clerk will deliver it again" : "; it stays failed, to be reprocessed later")
				+ (recorded ? " (the error is stored with the event)" : " (nothing is stored)"));
		if (logger.isDebugEnabled()) {
			logger.debug("Processing Clerk webhook " + event.id() + " failed: " + error, ex);
		}
		if (retry) {
			observeRetryCause(ex);
		}
		if (unavailable) {
			// The answer says what an operator can do; the driver's text is in the debug
			// log.
			return result(event, WebhookResult.Status.RETRY, HELD_OR_UNAVAILABLE);
		}
		return result(event, retry ? WebhookResult.Status.RETRY : WebhookResult.Status.FAILED, error);
	}

	/**
	 * Gives the delivery's observation the exception that makes it a retry, so that its
	 * {@code error} tag names the outage as it names an exception that ended one; its
	 * outcome stays {@code retry}. A reprocessing, which is not observed, leaves the
	 * observation it runs in (an operator's request's) as it is.
	 */
	private void observeRetryCause(Throwable ex) {
		Observation current = this.observationRegistry.getCurrentObservation();
		if (current != null && current.getContext() instanceof ClerkWebhookObservationContext) {
			current.error(ex);
		}
	}

	/**
	 * Records what became of a delivery in a transaction of its own. An outage of the
	 * database is logged and survived (the delivery is answered so that Clerk delivers it
	 * again); any other failure is thrown, so that nothing is answered 2xx unrecorded.
	 * @return {@code false} when an outage kept it from being recorded
	 */
	private boolean recordedDespiteOutage(String id, Runnable record) {
		try {
			this.separateTransaction.executeWithoutResult((status) -> record.run());
			return true;
		}
		catch (RuntimeException ex) {
			if (!Outages.isOutage(ex) && !Outages.isUnavailable(ex)) {
				throw ex;
			}
			logger.warn("Could not record Clerk webhook " + id + " for an outage of the database, or a delivery of it"
					+ " that held it; Clerk will deliver it again: " + ex.getClass().getSimpleName());
			return false;
		}
	}

	/**
	 * Whether an event is stored as processed or ignored; a failure to tell is a no.
	 */
	private boolean isDone(String id) {
		try {
			return this.inbox.find(id)
				.map((stored) -> stored.status() == WebhookEventStatus.PROCESSED
						|| stored.status() == WebhookEventStatus.IGNORED)
				.orElse(false);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private List<ClerkWebhookHandler> matching(ClerkWebhookEvent event) {
		List<ClerkWebhookHandler> matching = new ArrayList<>(this.handlers.size());
		for (ClerkWebhookHandler handler : this.handlers) {
			if (handler.supports(event.type())) {
				matching.add(handler);
			}
		}
		return matching;
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
		// PostgreSQL stores no NUL character, which a message may quote from the data.
		String text = description.toString().replace("\u0000", "");
		return (text.length() > 2000) ? text.substring(0, 2000) : text;
	}

}
