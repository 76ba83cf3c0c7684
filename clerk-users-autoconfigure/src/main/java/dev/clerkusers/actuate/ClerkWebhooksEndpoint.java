package dev.clerkusers.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clerkusers.webhook.ClerkWebhookInbox;
import dev.clerkusers.webhook.ClerkWebhookProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code clerkwebhooks} Actuator endpoint: {@code GET} shows the inbox (counts by
 * state, recent events, failed events); {@code POST} processes failed events again (all
 * of them, or the one named by {@code id}); {@code DELETE /actuator/clerkwebhooks/{id}}
 * dismisses one that is not to be applied.
 */
@Endpoint(id = "clerkwebhooks")
public class ClerkWebhooksEndpoint {

	private final ClerkWebhookInbox inbox;

	private final ClerkWebhookProcessor processor;

	/**
	 * Creates the endpoint.
	 * @param inbox the inbox
	 * @param processor the processor
	 */
	public ClerkWebhooksEndpoint(ClerkWebhookInbox inbox, ClerkWebhookProcessor processor) {
		this.inbox = inbox;
		this.processor = processor;
	}

	/**
	 * The state of the inbox.
	 * @return counts by state ({@code received}, {@code processed}, {@code ignored},
	 * {@code failed}), the 20 most recent events and the failed events' ids; 503 when the
	 * database could not be reached
	 */
	@ReadOperation
	public WebEndpointResponse<Object> inbox() {
		return OperatorResponses.onStoredEvents(() -> {
			Map<String, Object> inbox = new LinkedHashMap<>();
			Map<String, Long> counts = new LinkedHashMap<>();
			this.inbox.countByStatus().forEach((status, count) -> counts.put(status.getCode(), count));
			inbox.put("counts", counts);
			inbox.put("recent", this.inbox.recent(20));
			inbox.put("failed", this.inbox.failedIds());
			return inbox;
		});
	}

	/**
	 * Processes failed events again.
	 * @param id the Svix message id of one event, or {@code null} for every failed event
	 * @return what was done with each event; 404 when the event named is not stored, 503
	 * when the database could not be reached
	 */
	@WriteOperation
	public WebEndpointResponse<Object> reprocess(@Nullable String id) {
		return OperatorResponses.onStoredEvents(
				() -> (id != null) ? List.of(this.processor.reprocess(id)) : this.processor.reprocessFailed());
	}

	/**
	 * Dismisses a failed event that is not to be applied ({@code DELETE
	 * /actuator/clerkwebhooks/{id}}): marked ignored, out of the backlog and of the
	 * health check; the retention deletes it in its time.
	 * @param id the Svix message id
	 * @return what was done; 404 when the event is not stored, 503 when the database
	 * could not be reached
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> dismiss(@Selector String id) {
		return OperatorResponses.onStoredEvents(() -> this.processor.dismiss(id));
	}

}
