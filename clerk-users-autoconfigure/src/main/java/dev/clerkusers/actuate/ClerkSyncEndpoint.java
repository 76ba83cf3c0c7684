package dev.clerkusers.actuate;

import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncProgress;
import dev.clerkusers.sync.SyncReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code clerksync} Actuator endpoint: {@code POST} runs a sync (options
 * {@code dryRun}, {@code reconcile}, {@code force}, {@code limit}, {@code offset}) and
 * answers its report; {@code GET} answers the last report.
 */
@Endpoint(id = "clerksync")
public class ClerkSyncEndpoint {

	private final ClerkSync sync;

	/**
	 * Creates the endpoint.
	 * @param sync the sync
	 */
	public ClerkSyncEndpoint(ClerkSync sync) {
		this.sync = sync;
	}

	/**
	 * The report of the last sync this instance completed; a refused or aborted one
	 * leaves it as it was.
	 * @return the report, or {@code null} (404) when no sync completed yet
	 */
	@ReadOperation
	public @Nullable ClerkOperationResult<SyncReport> lastReport() {
		SyncReport report = this.sync.lastReport();
		return (report != null) ? ClerkOperationResult.of(report) : null;
	}

	/**
	 * Runs a sync.
	 * @param dryRun whether to change nothing
	 * @param reconcile whether to deactivate what Clerk no longer has
	 * @param force whether to go past the guards of reconciliation and of the instance
	 * @param limit how many objects at most
	 * @param offset how many to skip
	 * @return the report; 400 when the options are invalid (a negative offset, a limit
	 * below 1, reconciliation with a limit or an offset), 409 when a sync or push runs
	 * already, 422 when a guard refused it, 503 when an outage ended it
	 */
	@WriteOperation
	public WebEndpointResponse<Object> sync(@Nullable Boolean dryRun, @Nullable Boolean reconcile,
			@Nullable Boolean force, @Nullable Integer limit, @Nullable Integer offset) {
		return OperatorResponses.run("clerksync",
				() -> SyncOptions.all()
					.withDryRun(Boolean.TRUE.equals(dryRun))
					.withWindow((offset != null) ? offset : 0, limit)
					.withReconcile(Boolean.TRUE.equals(reconcile))
					.withForce(Boolean.TRUE.equals(force)),
				(options) -> this.sync.sync(options, SyncProgress.logging()));
	}

}
