package dev.clerkusers.organizations.sync;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.api.Page;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.sync.ClerkSyncStep;
import dev.clerkusers.sync.PagedListing;
import dev.clerkusers.sync.SyncCounter;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncProgress;
import dev.clerkusers.sync.SyncSummary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Syncs organizations ({@code GET /organizations}) and then every membership of the
 * instance ({@code GET /organization_memberships}), in pages of up to 500 upserted from
 * the listed data, with the same rules and ordering guard as webhooks. With
 * reconciliation, organizations Clerk no longer lists are deleted (tombstones), and
 * memberships Clerk no longer lists are removed — only rows stored before the sync
 * started. A dry run rolls back everything.
 */
public class OrganizationSyncStep implements ClerkSyncStep {

	private static final Log logger = LogFactory.getLog(OrganizationSyncStep.class);

	private final ClerkOrganizationsApi api;

	private final OrganizationSynchronizer organizations;

	private final OrganizationRepository repository;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * Creates the step.
	 * @param api the organization endpoints of the Backend API
	 * @param organizations applies Clerk's data to the organizations
	 * @param repository the organization repository
	 * @param transactionManager the transaction manager
	 * @param clock the clock
	 */
	public OrganizationSyncStep(ClerkOrganizationsApi api, OrganizationSynchronizer organizations,
			OrganizationRepository repository, PlatformTransactionManager transactionManager, Clock clock) {
		this.api = api;
		this.organizations = organizations;
		this.repository = repository;
		this.transaction = new TransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	@Override
	public String name() {
		return "organizations";
	}

	@Override
	public List<SyncSummary> run(SyncOptions options, SyncProgress progress) {
		SyncCounter organizationCounter = new SyncCounter("organizations", options.dryRun(), this.clock);
		Set<String> listedOrganizations = new HashSet<>();
		page(options, organizationCounter, progress, (offset, size) -> this.api.listOrganizations(size, offset),
				(organization) -> {
					listedOrganizations.add(organization.id());
					return this.organizations.upsertOrganization(organization);
				});
		SyncCounter membershipCounter = new SyncCounter("memberships", options.dryRun(), this.clock);
		Map<String, Set<String>> listedMemberships = new HashMap<>();
		page(options, membershipCounter, progress,
				(offset, size) -> this.api.listAllOrganizationMemberships(size, offset), (membership) -> {
					String organizationId = (membership.organization() != null) ? membership.organization().id() : null;
					if (organizationId != null) {
						listedMemberships.computeIfAbsent(organizationId, (id) -> new HashSet<>()).add(membership.id());
					}
					return this.organizations.upsertMembership(membership);
				});
		if (options.reconcile()) {
			reconcile(listedOrganizations, listedMemberships, organizationCounter, membershipCounter, options.dryRun());
		}
		List<SyncSummary> summaries = List.of(organizationCounter.summary(), membershipCounter.summary());
		summaries.forEach((summary) -> logger.info(summary.describe()));
		return summaries;
	}

	/**
	 * Lists every page and stores each object in a transaction of its own.
	 */
	private <T> void page(SyncOptions options, SyncCounter counter, SyncProgress progress, Lister<T> lister,
			Function<T, SyncResult<?>> store) {
		PagedListing.forEachPage(options, counter, progress, (offset, size) -> lister.list(offset, size).data(),
				(page) -> {
					for (T item : page) {
						store(item, options.dryRun(), counter, store);
					}
				});
	}

	private <T> void store(T item, boolean dryRun, SyncCounter counter, Function<T, SyncResult<?>> store) {
		counter.processed();
		try {
			SyncResult<?> change = this.transaction.execute((status) -> {
				if (dryRun) {
					status.setRollbackOnly();
				}
				return store.apply(item);
			});
			switch (Objects.requireNonNull(change).outcome()) {
				case CREATED, LINKED, REACTIVATED -> counter.created();
				case UPDATED, DELETED -> counter.updated();
				case STALE, IGNORED_DELETED -> counter.unchanged();
			}
		}
		catch (RuntimeException ex) {
			counter.failed(describe(item) + ": " + ex.getMessage());
		}
	}

	private void reconcile(Set<String> listedOrganizations, Map<String, Set<String>> listedMemberships,
			SyncCounter organizationCounter, SyncCounter membershipCounter, boolean dryRun) {
		Integer removed = this.transaction.execute((status) -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			organizationCounter.deactivated(
					this.organizations.deleteOrganizationsNotIn(listedOrganizations, organizationCounter.start())
						.size());
			int memberships = 0;
			for (Organization organization : this.repository.findActiveCreatedBefore(membershipCounter.start())) {
				memberships += this.organizations.removeMembershipsNotIn(organization,
						listedMemberships.getOrDefault(organization.getClerkId(), Set.of()), membershipCounter.start());
			}
			return memberships;
		});
		membershipCounter.deactivated(Objects.requireNonNull(removed));
	}

	private static String describe(Object item) {
		if (item instanceof OrganizationResource organization) {
			return String.valueOf(organization.id());
		}
		if (item instanceof OrganizationMembershipResource membership) {
			return String.valueOf(membership.id());
		}
		return String.valueOf(item);
	}

	@FunctionalInterface
	private interface Lister<T> {

		Page<T> list(int offset, int size);

	}

}
