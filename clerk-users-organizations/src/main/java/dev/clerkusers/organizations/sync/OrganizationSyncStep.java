package dev.clerkusers.organizations.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clerkusers.api.ClerkApiException;
import dev.clerkusers.api.ClerkResource;
import dev.clerkusers.api.MalformedClerkDataException;
import dev.clerkusers.api.Page;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.BoundedWaitsTransactionTemplate;
import dev.clerkusers.mirror.Outages;
import dev.clerkusers.mirror.RecordHeldException;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.organizations.OrganizationMembershipRepository;
import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.organizations.OrganizationSynchronizer;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.organizations.api.OrganizationMembershipResource;
import dev.clerkusers.organizations.api.OrganizationResource;
import dev.clerkusers.organizations.api.PublicUserDataResource;
import dev.clerkusers.sync.ClerkSyncStep;
import dev.clerkusers.sync.PagedListing;
import dev.clerkusers.sync.ReconcileGuard;
import dev.clerkusers.sync.SyncCounter;
import dev.clerkusers.sync.SyncFailures;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncProgress;
import dev.clerkusers.sync.SyncSummary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;

/**
 * Syncs organizations ({@code GET /organizations}) and then every membership of the
 * instance ({@code GET /organization_memberships}), in pages of up to 500 upserted from
 * the listed data, with the same rules and ordering guard as webhooks. Each page is
 * stored in one transaction; a page that cannot be stored as a whole is stored one object
 * at a time, so that one bad object fails alone. With reconciliation, organizations Clerk
 * no longer lists are deleted (tombstones), and memberships Clerk no longer lists are
 * removed — only rows stored before the sync started. Both guards are checked while the
 * step is prepared, and both kinds are deactivated when it is applied. A dry run rolls
 * back everything.
 */
public class OrganizationSyncStep implements ClerkSyncStep {

	private static final Log logger = LogFactory.getLog(OrganizationSyncStep.class);

	private final ClerkOrganizationsApi api;

	private final OrganizationSynchronizer organizations;

	private final OrganizationRepository repository;

	private final OrganizationMembershipRepository memberships;

	private final BoundedWaitsTransactionTemplate transaction;

	private final Clock clock;

	private final Writer<OrganizationResource> organizationWriter;

	private final Writer<OrganizationMembershipResource> membershipWriter;

	private ReconcileGuard guard = new ReconcileGuard(ReconcileGuard.DEFAULT_MAX_FRACTION);

	/**
	 * Creates the step.
	 * @param api the organization endpoints of the Backend API
	 * @param organizations applies Clerk's data to the organizations
	 * @param repository the organization repository
	 * @param memberships the membership repository
	 * @param transactionManager the transaction manager
	 * @param clock the clock
	 */
	public OrganizationSyncStep(ClerkOrganizationsApi api, OrganizationSynchronizer organizations,
			OrganizationRepository repository, OrganizationMembershipRepository memberships,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.api = api;
		this.organizations = organizations;
		this.repository = repository;
		this.memberships = memberships;
		this.transaction = new BoundedWaitsTransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.organizationWriter = new Writer<>(organizations::upsertAllOrganizations, organizations::upsertOrganization,
				(organization) -> Stream.ofNullable(organization.id()).toList());
		this.membershipWriter = new Writer<>(organizations::upsertAllListedMemberships,
				organizations::upsertListedMembership, OrganizationSyncStep::membershipLocks);
	}

	/**
	 * Sets the guard of reconciliation.
	 * @param guard the guard; by default at most
	 * {@link ReconcileGuard#DEFAULT_MAX_FRACTION}
	 */
	public void setReconcileGuard(ReconcileGuard guard) {
		this.guard = guard;
	}

	/**
	 * Bounds every wait of the step's transactions, for a row as well as for a record's
	 * lock, by the locks' timeout: a row held by a transaction that does not take the
	 * library's locks fails its record alone instead of holding the sync.
	 * @param locks the advisory locks
	 */
	public void setLocks(AdvisoryLocks locks) {
		this.transaction.setLocks(locks);
	}

	@Override
	public String name() {
		return "organizations";
	}

	@Override
	public List<SyncSummary> run(SyncOptions options, SyncProgress progress) {
		return prepare(options, progress).apply();
	}

	@Override
	public Prepared prepare(SyncOptions options, SyncProgress progress) {
		// The organizations and users found held by another writer in this run.
		Set<String> held = new HashSet<>();
		SyncCounter organizationCounter = new SyncCounter("organizations", options.dryRun(), this.clock);
		Set<String> listedOrganizations = new HashSet<>();
		page(options, organizationCounter, progress, (offset, size) -> this.api.listOrganizationJson(size, offset),
				(organization) -> {
					// Listed, whether it can be read or not: Clerk has it.
					String id = text(organization.get("id"));
					if (id != null) {
						listedOrganizations.add(id);
					}
				}, OrganizationResource.class, "the organization", this.organizationWriter, held);
		organizationCounter.pause();
		SyncCounter membershipCounter = new SyncCounter("memberships", options.dryRun(), this.clock);
		Map<String, Set<String>> listedMemberships = new HashMap<>();
		page(options, membershipCounter, progress,
				(offset, size) -> this.api.listAllOrganizationMembershipJson(size, offset), (membership) -> {
					JsonNode organization = membership.get("organization");
					String organizationId = (organization != null) ? text(organization.get("id")) : null;
					String id = text(membership.get("id"));
					if (organizationId != null && id != null) {
						listedMemberships.computeIfAbsent(organizationId, (key) -> new HashSet<>()).add(id);
					}
				}, OrganizationMembershipResource.class, "the membership", this.membershipWriter, held);
		membershipCounter.pause();
		List<Runnable> deactivations = new ArrayList<>();
		if (options.reconcile()) {
			OrganizationsGone organizationsGone = timed(organizationCounter,
					() -> reconcileOrganizations(listedOrganizations, organizationCounter, options));
			MembershipsGone membershipsGone = timed(membershipCounter, () -> reconcileMemberships(listedMemberships,
					organizationsGone.gone(), membershipCounter, options));
			deactivations.add(() -> timed(organizationCounter,
					() -> applyOrganizations(organizationsGone, organizationCounter, options, held)));
			deactivations.add(() -> timed(membershipCounter,
					() -> applyMemberships(membershipsGone, membershipCounter, options, held)));
		}
		return () -> {
			deactivations.forEach(Runnable::run);
			List<SyncSummary> summaries = List.of(organizationCounter.summary(), membershipCounter.summary());
			summaries.forEach((summary) -> logger.info(summary.describe()));
			return summaries;
		};
	}

	/**
	 * Runs a part of a kind's work with its clock running: each kind's duration is the
	 * time of its own work, not of the other's.
	 */
	private static <T> T timed(SyncCounter counter, Supplier<T> work) {
		counter.resume();
		try {
			return work.get();
		}
		finally {
			counter.pause();
		}
	}

	private static void timed(SyncCounter counter, Runnable work) {
		timed(counter, () -> {
			work.run();
			return counter;
		});
	}

	/**
	 * Lists every page, notes each object as listed, reads it (one that cannot be read
	 * fails alone), and stores the page.
	 */
	private <T extends ClerkResource> void page(SyncOptions options, SyncCounter counter, SyncProgress progress,
			Lister<JsonNode> lister, Consumer<JsonNode> listed, Class<T> type, String what, Writer<T> writer,
			Set<String> held) {
		PagedListing.forEachPage(options, counter, progress, (offset, size) -> lister.list(offset, size).data(),
				(page) -> {
					List<T> read = new ArrayList<>(page.size());
					for (JsonNode item : page) {
						listed.accept(item);
						T object = SyncFailures.readOrFailAlone(item, type, what, counter);
						if (object != null) {
							read.add(object);
						}
					}
					store(read, options.dryRun(), counter, writer, held);
				});
	}

	/**
	 * Stores objects a page at a time, as the listing stores them.
	 */
	private <T> void storeInPages(List<T> items, SyncOptions options, SyncCounter counter, Writer<T> writer,
			Set<String> held) {
		for (int from = 0; from < items.size(); from += options.pageSize()) {
			store(items.subList(from, Math.min(items.size(), from + options.pageSize())), options.dryRun(), counter,
					writer, held);
		}
	}

	/**
	 * Stores objects in one transaction; when they cannot be stored as a whole, one by
	 * one, so that one that cannot be stored fails alone.
	 */
	private <T> void store(List<T> items, boolean dryRun, SyncCounter counter, Writer<T> writer, Set<String> held) {
		if (items.isEmpty()) {
			return;
		}
		items.forEach((item) -> counter.processed());
		try {
			List<? extends SyncResult<?>> changes = this.transaction.execute((status) -> {
				if (dryRun) {
					status.setRollbackOnly();
				}
				return writer.all().apply(items);
			});
			Objects.requireNonNull(changes).forEach((change) -> count(change, counter));
		}
		catch (RuntimeException ex) {
			SyncFailures.abortOnOutage(ex, "storing a page of " + counter.summary().step());
			logger.warn("A page of " + counter.summary().step() + " could not be stored as a whole (" + ex.getMessage()
					+ "); storing them one by one");
			// The page has waited for what it found held: its records try it without
			// waiting again.
			RecordHeldException.heldKey(ex).ifPresent(held::add);
			for (T item : items) {
				storeOne(item, dryRun, counter, writer, held);
			}
		}
	}

	/**
	 * Stores one record of a page that could not be stored as a whole. An organization or
	 * a user found held by another writer past the lock timeout (a webhook handler that
	 * hangs, a row an application's transaction locked), by the page or by a record, is
	 * waited for once in the run: the later records that need it are tried without
	 * waiting (1 ms), so they are stored when the holder has finished, and fail at once
	 * while it still holds it, for the next sync to try again.
	 */
	private <T> void storeOne(T item, boolean dryRun, SyncCounter counter, Writer<T> writer, Set<String> held) {
		List<String> locks = writer.locks().apply(item);
		String suspect = locks.stream().filter(held::contains).findFirst().orElse(null);
		TransactionCallback<SyncResult<?>> write = (status) -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return writer.one().apply(item);
		};
		try {
			SyncResult<?> change = (suspect != null) ? this.transaction.executeFailingFast(write)
					: this.transaction.execute(write);
			count(Objects.requireNonNull(change), counter);
			if (suspect != null) {
				held.removeAll(locks);
			}
		}
		catch (RuntimeException failure) {
			if (suspect != null && Outages.isLockNotAvailable(failure)) {
				SyncFailures.abortOnOutage(failure, "storing " + describe(item));
				counter.failed(describe(item) + ": " + RecordHeldException.heldKey(failure).orElse(suspect)
						+ " was held by another writer past clerk.lock-timeout earlier in this sync, and still was;"
						+ " the next sync tries again");
				return;
			}
			SyncFailures.failedAlone(failure, "storing " + describe(item), describe(item), counter);
			if (Outages.isLockNotAvailable(failure)) {
				// A record's lock names what was held; a row's does not, so each of the
				// record's is taken for held.
				RecordHeldException.heldKey(failure).ifPresentOrElse(held::add, () -> held.addAll(locks));
			}
		}
	}

	private static void count(SyncResult<?> change, SyncCounter counter) {
		switch (change.outcome()) {
			case CREATED -> counter.created();
			case LINKED, REACTIVATED -> counter.linked();
			case UPDATED, DELETED -> counter.updated();
			case STALE, IGNORED_DELETED -> counter.unchanged();
		}
	}

	/**
	 * Finds the organizations Clerk no longer has, and checks the guard. One missing from
	 * the listing is first asked for by id (an offset listing skips items when others are
	 * deleted while it is read); only one Clerk answers 404 for is gone. Nothing is
	 * written.
	 */
	private OrganizationsGone reconcileOrganizations(Set<String> listed, SyncCounter counter, SyncOptions options) {
		List<String> stored = SyncFailures.abortingWhenUnreadable("the stored organizations",
				() -> Objects.requireNonNull(this.transaction
					.execute((status) -> this.repository.findActiveClerkIdsCreatedBefore(counter.start()))));
		this.guard.checkListing("organizations", listed.size(), stored.size(), options.force());
		List<String> gone = new ArrayList<>();
		List<OrganizationResource> stillInClerk = new ArrayList<>();
		for (String organizationId : stored) {
			if (listed.contains(organizationId)) {
				continue;
			}
			counter.apiCall();
			try {
				stillInClerk.add(this.api.getOrganization(organizationId));
			}
			catch (MalformedClerkDataException ex) {
				// Clerk has it, but it cannot be stored.
				counter.processed();
				SyncFailures.failedAlone(ex, "reading the organization " + organizationId, organizationId, counter);
			}
			catch (ClerkApiException ex) {
				if (!ex.isNotFound()) {
					SyncFailures.abortOnOutage(ex, "confirming the organization " + organizationId);
					throw ex;
				}
				gone.add(organizationId);
			}
		}
		this.guard.checkDeactivations("organizations", stored.size(), gone.size(), options.force());
		return new OrganizationsGone(stillInClerk, Set.copyOf(gone));
	}

	/**
	 * Stores the organizations the listing missed but Clerk still has, and deletes those
	 * it no longer has.
	 */
	private void applyOrganizations(OrganizationsGone reconciliation, SyncCounter counter, SyncOptions options,
			Set<String> held) {
		storeInPages(reconciliation.stillInClerk(), options, counter, this.organizationWriter, held);
		int deleted = 0;
		for (String clerkId : reconciliation.gone()) {
			// Each in a transaction of its own: one held elsewhere fails alone.
			if (SyncFailures.failingAloneWhenHeld("deleting the organization " + clerkId, clerkId, counter,
					() -> inTransaction(options.dryRun(),
							() -> this.organizations.deleteOrganization(clerkId, counter.start())))) {
				deleted++;
			}
		}
		counter.deactivated(deleted);
	}

	/**
	 * Finds the memberships Clerk no longer has, in the organizations it still has, and
	 * checks the guard. A membership missing from the listing is first asked for among
	 * the organization's memberships of its user. The memberships of the organizations
	 * found gone are left out: they go with their organizations' deletion, and are
	 * neither asked for nor counted, in a dry run as in the real run. Nothing is written.
	 */
	private MembershipsGone reconcileMemberships(Map<String, Set<String>> listed, Set<String> goneOrganizations,
			SyncCounter counter, SyncOptions options) {
		List<Candidate> stored = SyncFailures
			.abortingWhenUnreadable("the stored memberships",
					() -> Objects
						.requireNonNull(this.transaction.execute((status) -> storedMemberships(counter.start()))))
			.stream()
			.filter((candidate) -> !goneOrganizations.contains(candidate.organizationId()))
			.toList();
		long listedCount = listed.values().stream().mapToLong(Set::size).sum();
		this.guard.checkListing("memberships", listedCount, stored.size(), options.force());
		Map<String, List<Candidate>> missing = new LinkedHashMap<>();
		for (Candidate candidate : stored) {
			if (!listed.getOrDefault(candidate.organizationId(), Set.of()).contains(candidate.membershipId())) {
				missing.computeIfAbsent(candidate.organizationId(), (key) -> new ArrayList<>()).add(candidate);
			}
		}
		Map<String, Set<String>> gone = new LinkedHashMap<>();
		List<OrganizationMembershipResource> stillInClerk = new ArrayList<>();
		for (Map.Entry<String, List<Candidate>> entry : missing.entrySet()) {
			Set<String> keep = new HashSet<>(listed.getOrDefault(entry.getKey(), Set.of()));
			List<Candidate> candidates = entry.getValue();
			for (int from = 0; from < candidates.size(); from += UserListQuery.MAX_IDS) {
				List<String> userIds = candidates
					.subList(from, Math.min(candidates.size(), from + UserListQuery.MAX_IDS))
					.stream()
					.map(Candidate::userId)
					.toList();
				counter.apiCall();
				for (JsonNode membership : stillInOrganization(entry.getKey(), userIds)) {
					// Kept, whether it can be read or not: Clerk has it.
					String id = text(membership.get("id"));
					if (id != null) {
						keep.add(id);
					}
					OrganizationMembershipResource read = SyncFailures.readOrFailAlone(membership,
							OrganizationMembershipResource.class, "the membership", counter);
					if (read != null) {
						stillInClerk.add(read);
					}
				}
			}
			Set<String> goneHere = candidates.stream()
				.map(Candidate::membershipId)
				.filter((membershipId) -> !keep.contains(membershipId))
				.collect(Collectors.toSet());
			if (!goneHere.isEmpty()) {
				gone.put(entry.getKey(), goneHere);
			}
		}
		this.guard.checkDeactivations("memberships", stored.size(), gone.values().stream().mapToLong(Set::size).sum(),
				options.force());
		return new MembershipsGone(stillInClerk, gone);
	}

	/**
	 * The memberships these users still have in an organization, for reconcile; none when
	 * Clerk no longer has the organization (deleted since the listings: its memberships
	 * went with it, and it goes itself at the next reconcile, or with its webhook).
	 */
	private List<JsonNode> stillInOrganization(String organizationId, List<String> userIds) {
		try {
			return SyncFailures.abortingOnOutage("confirming the memberships missing from the listing",
					() -> this.api.listOrganizationMembershipJsonOfUsers(organizationId, userIds));
		}
		catch (ClerkApiException ex) {
			if (!ex.isNotFound()) {
				throw ex;
			}
			return List.of();
		}
	}

	/**
	 * Stores the memberships the listing missed but Clerk still has, and removes those it
	 * no longer has.
	 */
	private void applyMemberships(MembershipsGone reconciliation, SyncCounter counter, SyncOptions options,
			Set<String> held) {
		storeInPages(reconciliation.stillInClerk(), options, counter, this.membershipWriter, held);
		for (Map.Entry<String, Set<String>> entry : reconciliation.gone().entrySet()) {
			// Each organization's in a transaction of its own, counted once it committed:
			// one held elsewhere fails alone.
			SyncFailures.failingAloneWhenHeld("removing memberships of the organization " + entry.getKey(),
					"memberships of " + entry.getKey(), counter,
					() -> counter
						.deactivated(Objects.requireNonNull(inTransaction(options.dryRun(), () -> this.organizations
							.removeMemberships(entry.getKey(), entry.getValue(), counter.start())))));
		}
	}

	/**
	 * The active memberships stored before the sync, in the active organizations stored
	 * before it.
	 */
	private List<Candidate> storedMemberships(Instant before) {
		return this.memberships.findActiveIdsCreatedBefore(before)
			.stream()
			.map((ids) -> new Candidate(ids.getOrganizationId(), ids.getMembershipId(), ids.getUserId()))
			.toList();
	}

	/**
	 * What reconciliation found of the organizations: those missing from the listing that
	 * Clerk still has, and the Clerk ids of those it no longer has.
	 */
	private record OrganizationsGone(List<OrganizationResource> stillInClerk, Set<String> gone) {
	}

	/**
	 * What reconciliation found of the memberships: those missing from the listing that
	 * Clerk still has, and per organization, the ids of those it no longer has, which
	 * alone are removed.
	 */
	private record MembershipsGone(List<OrganizationMembershipResource> stillInClerk, Map<String, Set<String>> gone) {
	}

	/**
	 * A stored membership that reconciliation looks at.
	 */
	private record Candidate(String organizationId, String membershipId, String userId) {
	}

	private <R> @Nullable R inTransaction(boolean dryRun, Supplier<R> work) {
		return SyncFailures.abortingOnOutage("reconciling", () -> this.transaction.execute((status) -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return work.get();
		}));
	}

	private void inTransaction(boolean dryRun, Runnable work) {
		inTransaction(dryRun, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * The keys of the records whose locks storing a membership waits for besides its own:
	 * its organization's and its user's Clerk ids.
	 */
	private static List<String> membershipLocks(OrganizationMembershipResource membership) {
		OrganizationResource organization = membership.organization();
		PublicUserDataResource user = membership.publicUserData();
		return Stream.of((organization != null) ? organization.id() : null, (user != null) ? user.userId() : null)
			.filter(Objects::nonNull)
			.map(Objects::requireNonNull)
			.toList();
	}

	private static String describe(Object item) {
		if (item instanceof JsonNode json) {
			return String.valueOf(text(json.get("id")));
		}
		if (item instanceof OrganizationResource organization) {
			return String.valueOf(organization.id());
		}
		if (item instanceof OrganizationMembershipResource membership) {
			return String.valueOf(membership.id());
		}
		return String.valueOf(item);
	}

	private static @Nullable String text(@Nullable JsonNode value) {
		return (value != null && value.isString()) ? value.asString() : null;
	}

	@FunctionalInterface
	private interface Lister<T> {

		Page<T> list(int offset, int size);

	}

	/**
	 * Stores a page of one kind of object in one transaction, or one of them.
	 */
	private record Writer<T>(Function<List<T>, List<? extends SyncResult<?>>> all, Function<T, SyncResult<?>> one,
			Function<T, List<String>> locks) {
	}

}
