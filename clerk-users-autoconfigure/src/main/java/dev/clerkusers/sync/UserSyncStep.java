package dev.clerkusers.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.EmailAddressResource;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.BoundedWaitsTransactionTemplate;
import dev.clerkusers.mirror.SyncResult;
import dev.clerkusers.user.ClerkUser;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserSynchronizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Syncs users from Clerk: pages of up to 500 from {@code GET /users} (oldest first, so
 * users created meanwhile append), each page upserted from the listed data itself — no
 * per-user call — in one transaction, with the same rules and ordering guard as webhooks.
 * A page that cannot be stored as a whole is stored user by user, so that one bad user
 * fails alone. With reconciliation, local users whose Clerk id Clerk no longer lists are
 * deactivated (only users stored before the sync started: one created meanwhile is not
 * missing, just new). The guard is checked while the step is prepared, and the users are
 * deactivated when it is applied. A listed user whose verified primary address a stored
 * user not listed (yet) holds waits: stored once the listing ends when the holder was
 * listed after all, and otherwise after the holder's deactivation, so that it takes a
 * deleted user's account over as it would after the deletion's webhook. A dry run does
 * everything in transactions that are rolled back.
 */
public class UserSyncStep implements ClerkSyncStep {

	private static final Log logger = LogFactory.getLog(UserSyncStep.class);

	private final ClerkApiClient api;

	private final ClerkUserSynchronizer users;

	private final ClerkUserRepository repository;

	/**
	 * A transaction of the step's own for each page, read and deactivation, whoever
	 * calls: a page's writes commit as the report counts them, and no caller's
	 * transaction is held across Clerk's calls.
	 */
	private final BoundedWaitsTransactionTemplate transaction;

	private final Clock clock;

	private ReconcileGuard guard = new ReconcileGuard(ReconcileGuard.DEFAULT_MAX_FRACTION);

	/**
	 * Creates the step.
	 * @param api the Backend API client
	 * @param users applies Clerk's data to the users
	 * @param repository the user repository
	 * @param transactionManager the transaction manager
	 * @param clock the clock
	 */
	public UserSyncStep(ClerkApiClient api, ClerkUserSynchronizer users, ClerkUserRepository repository,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.api = api;
		this.users = users;
		this.repository = repository;
		this.transaction = new BoundedWaitsTransactionTemplate(transactionManager);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * Bounds every wait of the step's transactions, for a row as well as for a record's
	 * lock, by the locks' timeout: a row held by a transaction that does not take the
	 * library's locks fails its user alone instead of holding the sync.
	 * @param locks the advisory locks
	 */
	public void setLocks(AdvisoryLocks locks) {
		this.transaction.setLocks(locks);
	}

	@Override
	public String name() {
		return "users";
	}

	/**
	 * Sets the guard of reconciliation.
	 * @param guard the guard; by default at most
	 * {@link ReconcileGuard#DEFAULT_MAX_FRACTION}
	 */
	public void setReconcileGuard(ReconcileGuard guard) {
		this.guard = guard;
	}

	@Override
	public List<SyncSummary> run(SyncOptions options, SyncProgress progress) {
		return prepare(options, progress).apply();
	}

	@Override
	public Prepared prepare(SyncOptions options, SyncProgress progress) {
		SyncCounter counter = new SyncCounter(name(), options.dryRun(), this.clock);
		Set<String> listed = new HashSet<>();
		List<Waiting> waiting = new ArrayList<>();
		PagedListing.forEachPage(options, counter, progress,
				(offset, size) -> this.api.listUserJson(UserListQuery.page(size, offset)), (page) -> {
					List<UserResource> users = read(page, listed, counter);
					store(options.reconcile() ? holdBack(users, listed, waiting) : users, options.dryRun(), counter);
				});
		@Nullable Reconciliation reconciliation = options.reconcile() ? reconcile(listed, waiting, counter, options) : null;
		counter.pause();
		return () -> {
			counter.resume();
			if (reconciliation != null) {
				counter.deactivated(apply(reconciliation, counter, options));
			}
			SyncSummary summary = counter.summary();
			logger.info(summary.describe());
			return List.of(summary);
		};
	}

	/**
	 * Reads the users Clerk listed. One that cannot be read fails alone, and is still a
	 * user Clerk has: its id is kept with the others'.
	 * @param listed the users' JSON
	 * @param ids collects the Clerk ids listed
	 * @param counter counts the failures
	 * @return the users that could be read
	 */
	private static List<UserResource> read(List<JsonNode> listed, Set<String> ids, SyncCounter counter) {
		List<UserResource> users = new ArrayList<>(listed.size());
		for (JsonNode json : listed) {
			JsonNode id = json.get("id");
			String clerkId = (id != null && id.isString()) ? id.asString() : null;
			if (clerkId != null) {
				ids.add(clerkId);
			}
			UserResource user = SyncFailures.readOrFailAlone(json, UserResource.class, "the user", counter);
			if (user != null) {
				users.add(user);
			}
		}
		return users;
	}

	/**
	 * Holds back, for reconcile to decide, the users whose verified primary address a
	 * linked user not listed so far holds: that user may be one Clerk deleted, whose
	 * account the new user takes over.
	 * @param page the users of a page
	 * @param listed the Clerk ids listed so far, the page's included
	 * @param waiting collects the users held back
	 * @return the users to store now
	 */
	private List<UserResource> holdBack(List<UserResource> page, Set<String> listed, List<Waiting> waiting) {
		Map<String, UserResource> byAddress = new HashMap<>();
		Set<String> clerkIds = new HashSet<>();
		for (UserResource user : page) {
			String address = user.primaryEmailAddress()
				.filter(EmailAddressResource::isVerified)
				.map(EmailAddressResource::emailAddress)
				.orElse(null);
			if (address != null && user.id() != null) {
				byAddress.put(EmailAddressResource.fold(address.trim()), user);
				clerkIds.add(user.id());
			}
		}
		if (byAddress.isEmpty()) {
			return page;
		}
		List<ClerkUser> holders = SyncFailures.abortingWhenUnreadable("the users holding the listed addresses",
				() -> Objects.requireNonNull(this.transaction.execute((status) -> this.repository
					.findLinkedByLowerEmailInAndClerkIdNotIn(byAddress.keySet(), clerkIds))));
		Set<UserResource> held = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ClerkUser holder : holders) {
			String holderId = holder.getClerkId();
			String address = holder.getEmail();
			UserResource user = (address != null) ? byAddress.get(EmailAddressResource.fold(address)) : null;
			if (user != null && holderId != null && !listed.contains(holderId)) {
				waiting.add(new Waiting(user, holderId));
				held.add(user);
			}
		}
		return held.isEmpty() ? page : page.stream().filter((user) -> !held.contains(user)).toList();
	}

	private void store(List<UserResource> page, boolean dryRun, SyncCounter counter) {
		store(page, dryRun, counter, () -> {
		});
	}

	/**
	 * Stores users, a page in one transaction, or one by one when the page cannot be
	 * stored whole.
	 * @param first run first in each of the transactions (a dry run's deactivations, for
	 * what it counts to be as the run's)
	 */
	private void store(List<UserResource> page, boolean dryRun, SyncCounter counter, Runnable first) {
		if (page.isEmpty()) {
			return;
		}
		page.forEach((user) -> counter.processed());
		try {
			List<SyncResult<ClerkUser>> results = this.transaction.execute((status) -> {
				if (dryRun) {
					status.setRollbackOnly();
				}
				first.run();
				return this.users.upsertAllFromClerk(page);
			});
			Objects.requireNonNull(results).forEach((result) -> count(result, counter));
		}
		catch (RuntimeException ex) {
			SyncFailures.abortOnOutage(ex, "storing a page of users");
			logger.warn("A page of users could not be stored as a whole (" + ex.getMessage()
					+ "); storing them one by one");
			for (UserResource user : page) {
				try {
					SyncResult<ClerkUser> result = this.transaction.execute((status) -> {
						if (dryRun) {
							status.setRollbackOnly();
						}
						first.run();
						return this.users.upsertFromClerk(user);
					});
					count(Objects.requireNonNull(result), counter);
				}
				catch (RuntimeException failure) {
					SyncFailures.failedAlone(failure, "storing the user " + user.id(), String.valueOf(user.id()),
							counter);
				}
			}
		}
	}

	private static void count(SyncResult<ClerkUser> result, SyncCounter counter) {
		switch (result.outcome()) {
			case CREATED -> counter.created();
			case LINKED, REACTIVATED -> counter.linked();
			case UPDATED -> counter.updated();
			case DELETED -> counter.deactivated(1);
			case STALE, IGNORED_DELETED -> counter.unchanged();
		}
	}

	/**
	 * Finds the linked local users that Clerk no longer has, and checks the guard. A user
	 * missing from the listing is first asked for by id: an offset listing skips users
	 * when others are deleted while it is read, and only a user Clerk confirms gone is
	 * deactivated. Nothing is written.
	 */
	private Reconciliation reconcile(Set<String> listed, List<Waiting> waiting, SyncCounter counter,
			SyncOptions options) {
		// A holder listed after the user: the address moves as the rules say.
		List<Waiting> released = waiting.stream().filter((user) -> listed.contains(user.holder())).toList();
		store(released.stream().map(Waiting::user).toList(), options.dryRun(), counter);
		List<Waiting> held = waiting.stream().filter((user) -> !listed.contains(user.holder())).toList();
		List<String> stored = SyncFailures.abortingWhenUnreadable("the linked users",
				() -> Objects.requireNonNull(this.transaction
					.execute((status) -> this.repository.findLinkedClerkIdsNotDeletedBefore(counter.start()))));
		this.guard.checkListing(name(), listed.size(), stored.size(), options.force());
		List<String> missing = stored.stream().filter((clerkId) -> !listed.contains(clerkId)).toList();
		List<UserResource> stillInClerk = new ArrayList<>();
		Set<String> confirmed = new HashSet<>();
		for (int from = 0; from < missing.size(); from += UserListQuery.MAX_IDS) {
			List<String> ids = missing.subList(from, Math.min(missing.size(), from + UserListQuery.MAX_IDS));
			counter.apiCall();
			stillInClerk.addAll(read(SyncFailures.abortingOnOutage("confirming the users missing from the listing",
					() -> this.api.listUserJson(UserListQuery.byIds(ids))), confirmed, counter));
		}
		List<String> gone = missing.stream().filter((clerkId) -> !confirmed.contains(clerkId)).toList();
		this.guard.checkDeactivations(name(), stored.size(), gone.size(), options.force());
		return new Reconciliation(stillInClerk, gone, held);
	}

	/**
	 * Stores the users the listing missed but Clerk still has, and deactivates those it
	 * no longer has.
	 */
	private long apply(Reconciliation reconciliation, SyncCounter counter, SyncOptions options) {
		List<UserResource> stillInClerk = reconciliation.stillInClerk();
		if (!stillInClerk.isEmpty()) {
			logger.info(stillInClerk.size() + " user(s) missing from the listing are still in Clerk; storing them");
			for (int from = 0; from < stillInClerk.size(); from += options.pageSize()) {
				store(stillInClerk.subList(from, Math.min(stillInClerk.size(), from + options.pageSize())),
						options.dryRun(), counter);
			}
		}
		List<String> gone = reconciliation.gone();
		Set<String> deactivated = new HashSet<>(options.dryRun() ? gone : List.of());
		if (!options.dryRun()) {
			for (String clerkId : gone) {
				if (SyncFailures.failingAloneWhenHeld("deactivating the user " + clerkId, clerkId, counter,
						() -> this.transaction
							.executeWithoutResult((status) -> this.users.deactivate(clerkId, counter.start())))) {
					deactivated.add(clerkId);
				}
			}
		}
		if (!deactivated.isEmpty()) {
			logger.info((options.dryRun() ? "Would deactivate " : "Deactivated ") + deactivated.size()
					+ " local user(s) that Clerk no longer has");
		}
		storeWaiting(reconciliation, deactivated, counter, options);
		return deactivated.size();
	}

	/**
	 * Stores the users held back for the address a user missing from the listing held,
	 * now that the user is deactivated (in a dry run, first in each of the transactions
	 * rolled back), or stored again when Clerk still has it. A user whose holder Clerk no
	 * longer has but could not be deactivated waits for the run that deactivates it:
	 * stored now, it would take the address and not the account.
	 * @param deactivated the Clerk ids of the users deactivated by this run
	 */
	private void storeWaiting(Reconciliation reconciliation, Set<String> deactivated, SyncCounter counter,
			SyncOptions options) {
		List<Waiting> ready = reconciliation.waiting()
			.stream()
			.filter((user) -> deactivated.contains(user.holder()) || !reconciliation.gone().contains(user.holder()))
			.toList();
		int left = reconciliation.waiting().size() - ready.size();
		if (left > 0) {
			logger.warn(left + " listed user(s) left for the next sync --reconcile: each takes over the account of a"
					+ " user Clerk no longer has, which could not be deactivated (a sync without --reconcile would store"
					+ " them without the account)");
		}
		List<UserResource> waiting = ready.stream().map(Waiting::user).toList();
		if (!options.dryRun()) {
			store(waiting, false, counter);
			return;
		}
		List<String> holdersGone = reconciliation.waiting()
			.stream()
			.map(Waiting::holder)
			.filter(reconciliation.gone()::contains)
			.distinct()
			.toList();
		store(waiting, true, counter,
				() -> holdersGone.forEach((clerkId) -> this.users.deactivate(clerkId, counter.start())));
	}

	/**
	 * What reconciliation found: the users missing from the listing that Clerk still has,
	 * the Clerk ids of those it no longer has, and the listed users waiting for them.
	 */
	private record Reconciliation(List<UserResource> stillInClerk, List<String> gone, List<Waiting> waiting) {
	}

	/**
	 * A listed user held back, and the Clerk id of the stored user holding its address.
	 */
	private record Waiting(UserResource user, String holder) {
	}

}
